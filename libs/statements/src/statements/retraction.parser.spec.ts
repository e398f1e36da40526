import { parseRetraction } from './retraction.parser.js';

describe('a retraction body', () => {
  it('is { reason } of 1–2000 code points', () => {
    expect(parseRetraction({ reason: 'Source withdrew the report' })).toEqual({ ok: true, value: { reason: 'Source withdrew the report' } });
    expect(parseRetraction({})).toEqual({ ok: false, errors: [{ pointer: '/reason', detail: 'is required' }] });
    expect(parseRetraction({ reason: '' })).toEqual({ ok: false, errors: [{ pointer: '/reason', detail: 'must not be empty' }] });
    expect(parseRetraction({ reason: 'x\u0000' })).toEqual({ ok: false, errors: [{ pointer: '/reason', detail: 'must not contain U+0000' }] });
    expect(parseRetraction({ reason: 'x', by: 'eve' })).toEqual({ ok: false, errors: [{ pointer: '/by', detail: 'unknown field' }] });
  });
});
