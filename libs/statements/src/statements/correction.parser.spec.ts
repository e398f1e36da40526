import { NOW } from '../testing/statement-fixtures.js';
import { parseCorrection } from './correction.parser.js';

const ASTRAL_200 = '😀'.repeat(200);

function errorsOf(body: unknown, now: Date | null = NOW) {
  const parsed = parseCorrection(body, now);
  return parsed.ok ? [] : parsed.errors;
}

describe('a correction body', () => {
  it('is { changes, reason }, the changes kept as the fields sent', () => {
    const body = { changes: { position: 'supports', actor: { person: null }, target: null }, reason: 'Misread the source' };
    expect(parseCorrection(body, NOW)).toEqual({ ok: true, value: body });
  });

  it('normalises what it keeps as recording does (ids lower-cased)', () => {
    const parsed = parseCorrection({ changes: { utteranceId: '698341F4-1E10-59BE-8EA0-C9C853BB530A' }, reason: 'x' });
    expect(parsed.ok && parsed.value.changes.utteranceId).toBe('698341f4-1e10-59be-8ea0-c9c853bb530a');
  });

  it('changes only the content: any other field is an error at /changes/<field>', () => {
    expect(errorsOf({ changes: { statementId: 'x', revision: 2, recordedBy: 'eve', status: 'retracted' }, reason: 'x' })).toEqual([
      { pointer: '/changes/statementId', detail: 'unknown field' },
      { pointer: '/changes/revision', detail: 'unknown field' },
      { pointer: '/changes/recordedBy', detail: 'unknown field' },
      { pointer: '/changes/status', detail: 'unknown field' },
    ]);
    expect(errorsOf({ changes: { actor: { nationality: 'KOR' } }, reason: 'x' })).toEqual([{ pointer: '/changes/actor/nationality', detail: 'unknown field' }]);
  });

  it('keeps required fields (and those with a default) required: null for them is an error at its pointer', () => {
    // v2: actor.country and source.url are optional (a holder given; an offline citation).
    const changes = { position: null, holder: null, topic: null, statedAt: null, attribution: null, modality: null, sources: null };
    expect(errorsOf({ changes, reason: 'x' })).toEqual([
      { pointer: '/changes/holder', detail: 'is required; it cannot be removed' },
      { pointer: '/changes/topic', detail: 'is required; it cannot be removed' },
      { pointer: '/changes/position', detail: 'is required; it cannot be removed' },
      { pointer: '/changes/statedAt', detail: 'is required; it cannot be removed' },
      { pointer: '/changes/attribution', detail: 'is required; it cannot be removed' },
      { pointer: '/changes/modality', detail: 'is required; it cannot be removed' },
      { pointer: '/changes/sources', detail: 'is required; it cannot be removed' },
    ]);
    expect(errorsOf({ changes: { actor: null, source: null }, reason: 'x' })).toEqual([
      { pointer: '/changes/actor', detail: 'is required; it cannot be removed' },
      { pointer: '/changes/source', detail: 'is required; it cannot be removed' },
    ]);
  });

  it('checks each value sent by the rule of its field', () => {
    const changes = { target: 'kor', cameoCode: '999', statedAt: '2024-02-30', actor: { body: ASTRAL_200 + 'x' }, source: { url: 'nope' } };
    expect(errorsOf({ changes, reason: 'x' }).map((error) => error.pointer)).toEqual([
      '/changes/actor/body',
      '/changes/target',
      '/changes/statedAt',
      '/changes/cameoCode',
      '/changes/source/url',
    ]);
  });

  it('bounds a corrected statedAt by the end of tomorrow when given the time', () => {
    expect(errorsOf({ changes: { statedAt: '2026-11-25' }, reason: 'x' })).toEqual([
      { pointer: '/changes/statedAt', detail: 'must not start after the end of tomorrow (UTC)' },
    ]);
    // Without it, decide applies the bound with the command's `now`.
    expect(errorsOf({ changes: { statedAt: '2026-11-25' }, reason: 'x' }, null)).toEqual([]);
  });

  it('needs changes as an object and a reason of 1–2000 code points', () => {
    expect(errorsOf({ changes: [], reason: '' })).toEqual([
      { pointer: '/changes', detail: 'expected a JSON object (a merge patch)' },
      { pointer: '/reason', detail: 'must not be empty' },
    ]);
    expect(errorsOf({ reason: 'x'.repeat(2001) })).toEqual([
      { pointer: '/changes', detail: 'is required' },
      { pointer: '/reason', detail: 'must be at most 2000 characters (Unicode code points); got 2001' },
    ]);
    expect(errorsOf({ changes: {}, reason: '😀'.repeat(2000), note: 1 })).toEqual([{ pointer: '/note', detail: 'unknown field' }]);
  });
});
