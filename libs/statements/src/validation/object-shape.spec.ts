import { optional, parseObject, required, type ObjectShape } from './object-shape.js';
import { textRule } from './text.rules.js';

const SHAPE: ObjectShape = {
  name: required(textRule({ max: 10 })),
  note: optional(textRule({ max: 10 })),
  place: { required: true, shape: { city: required(textRule({ max: 10 })), street: optional(textRule({ max: 10 })) } },
};

describe('reading an object', () => {
  it('fills every omitted optional field with null, as an explicit null', () => {
    const omitted = parseObject(JSON.parse('{"name":"a","place":{"city":"b"}}'), SHAPE, 'whole');
    const explicit = parseObject(JSON.parse('{"name":"a","note":null,"place":{"city":"b","street":null}}'), SHAPE, 'whole');
    expect(omitted).toEqual({ ok: true, value: { name: 'a', note: null, place: { city: 'b', street: null } } });
    expect(explicit).toEqual(omitted);
  });

  it('names each unknown field by its JSON pointer, escaped per RFC 6901', () => {
    const body = JSON.parse('{"name":"a","place":{"city":"b","a/b~c":1},"constructor":1,"__proto__":{}}');
    expect(parseObject(body, SHAPE, 'whole')).toEqual({
      ok: false,
      errors: [
        { pointer: '/constructor', detail: 'unknown field' },
        { pointer: '/__proto__', detail: 'unknown field' },
        { pointer: '/place/a~1b~0c', detail: 'unknown field' },
      ],
    });
  });

  it('reports every missing required field, nested ones included', () => {
    expect(parseObject({ place: {} }, SHAPE, 'whole')).toEqual({
      ok: false,
      errors: [
        { pointer: '/name', detail: 'is required' },
        { pointer: '/place/city', detail: 'is required' },
      ],
    });
  });

  it('refuses a body that is not an object at the root pointer', () => {
    for (const body of [null, [], 'x', 1]) {
      expect(parseObject(body, SHAPE, 'whole')).toEqual({ ok: false, errors: [{ pointer: '', detail: 'expected a JSON object' }] });
    }
  });

  it('as a patch keeps only the fields sent, null removing optional ones only', () => {
    expect(parseObject({ note: null, place: { street: 'c' } }, SHAPE, 'patch')).toEqual({
      ok: true,
      value: { note: null, place: { street: 'c' } },
    });
    expect(parseObject({ name: null, place: { city: null } }, SHAPE, 'patch')).toEqual({
      ok: false,
      errors: [
        { pointer: '/name', detail: 'is required; it cannot be removed' },
        { pointer: '/place/city', detail: 'is required; it cannot be removed' },
      ],
    });
  });
});
