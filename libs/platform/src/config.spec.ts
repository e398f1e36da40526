import { ConfigError, loadConfig } from './config.js';

test('defaults follow CONTRACT.md', () => {
  expect(loadConfig({})).toMatchObject({
    PORT: 3000,
    HOST: '0.0.0.0',
    DATA_DIR: './.data',
    EVENT_STORE: 'postgres',
    RATE_LIMIT_PER_MIN: 6000,
    PROJECTOR: 'embedded',
  });
});

test('API_KEYS parse into names, roles and tokens', () => {
  expect(loadConfig({ API_KEYS: 'alice:editor:0123456789abcdef, bob:reader:fedcba9876543210' }).API_KEYS).toEqual([
    { name: 'alice', role: 'editor', token: '0123456789abcdef' },
    { name: 'bob', role: 'reader', token: 'fedcba9876543210' },
  ]);
});

test.each([
  [{ PORT: 'eighty' }, /PORT: "eighty" is not a port number/],
  [{ PORT: '70000' }, /PORT: a port number is at most 65535/],
  [{ HOST: 'every interface' }, /HOST: must be an IP address or a host name/],
  [{ API_KEYS: 'alice:owner:0123456789abcdef' }, /API_KEYS/],
  [{ API_KEYS: 'alice:editor:short' }, /token ≥ 16/],
  [{ EVENT_STORE: 'mongo' }, /EVENT_STORE/],
  [{ EVENT_STORE: 'kurrentdb' }, /KURRENTDB_URL: required/],
  [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
  [{ RATE_LIMIT_PER_MIN: '-1' }, /RATE_LIMIT_PER_MIN/],
])('a bad setting %j stops the start with a message naming it', (env, message) => {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  expect(() => loadConfig(env)).toThrow(message);
});
