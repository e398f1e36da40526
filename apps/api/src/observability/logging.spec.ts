import { redactUrl } from './logging.js';

describe('the URL as logged', () => {
  test('a credential in the query string is redacted, whatever its name is spelled as; the rest is kept byte for byte', () => {
    expect(redactUrl('/v1/topics?limit=5&access_token=s3cret')).toBe('/v1/topics?limit=5&access_token=[redacted]');
    expect(redactUrl('/v1/topics?TOKEN=s3cret&after=%20x')).toBe('/v1/topics?TOKEN=[redacted]&after=%20x');
    expect(redactUrl('/v1/feed?api_key=a&api%5Fkey=b&apikey=c')).toBe('/v1/feed?api_key=[redacted]&api%5Fkey=[redacted]&apikey=[redacted]');
    expect(redactUrl('/v1/events?access_token=a=b&limit=2')).toBe('/v1/events?access_token=[redacted]&limit=2');
  });

  test('URLs without a credential are left as they are, undecodable ones included', () => {
    for (const url of ['/health', '/v1/topics?limit=5', '/v1/topics?%E0%A4%A=1&x', '/v1/topics?']) expect(redactUrl(url)).toBe(url);
  });
});
