import { describe, expect, test } from '@jest/globals';
import type { SseMessage } from './feed.ts';
import { newsOf, touchesKey } from './key-feed.ts';

/** Which feed messages make a key's timeline read its history again (apps/web/src/views/timeline.tsx). */
const KEY = { holder: 'KOR', topic: 'aukus-pillar-ii', target: 'KOR' };
const SHOWN = new Set(['s-1']);
const message = (event: string, payload: unknown): SseMessage => ({ event, id: '9', data: JSON.stringify(payload) });
const stance = (holder: string, topic = KEY.topic, target: string | null = KEY.target) => ({ holder, topic, target, position: 'supports' });

describe('touchesKey', () => {
  test('a StanceChanged of the key touches it, whether the key gained, kept or lost its stance; another key’s does not', () => {
    expect(touchesKey(message('StanceChanged', { cause: 'recorded', previous: null, current: stance('KOR') }), KEY, SHOWN)).toBe(true);
    expect(touchesKey(message('StanceChanged', { cause: 'retracted', previous: stance('KOR'), current: null }), KEY, SHOWN)).toBe(true);
    expect(touchesKey(message('StanceChanged', { cause: 'recorded', previous: null, current: stance('JPN') }), KEY, SHOWN)).toBe(false);
    expect(touchesKey(message('StanceChanged', { cause: 'recorded', previous: null, current: stance('KOR', KEY.topic, null) }), KEY, SHOWN)).toBe(false);
  });

  test('a correction or retraction of a statement the timeline shows touches it, though no stance changed', () => {
    expect(touchesKey(message('StatementCorrected', { data: { statementId: 's-1', changes: { summary: 'x' } } }), KEY, SHOWN)).toBe(true);
    expect(touchesKey(message('StatementRetracted', { data: { statementId: 's-1', reason: 'x' } }), KEY, SHOWN)).toBe(true);
    expect(touchesKey(message('StatementRetracted', { data: { statementId: 's-2', reason: 'x' } }), KEY, SHOWN)).toBe(false);
  });

  test('a statement recorded on the key touches it (an older one changes the history, not the stance); a v1 event’s holder is its country', () => {
    const body = { statementId: 's-3', topic: KEY.topic, target: 'KOR' };
    expect(touchesKey(message('StatementRecorded', { data: { ...body, holder: 'KOR' } }), KEY, SHOWN)).toBe(true);
    expect(touchesKey(message('StatementRecorded', { data: { ...body, actor: { country: 'KOR' } } }), KEY, SHOWN)).toBe(true);
    expect(touchesKey(message('StatementRecorded', { data: { ...body, holder: 'CHN' } }), KEY, SHOWN)).toBe(false);
    expect(touchesKey(message('StatementRecorded', { data: { ...body, holder: 'KOR', target: null } }), KEY, SHOWN)).toBe(false);
  });

  test('a correction naming the key’s holder, topic or target may move a statement in: it touches it; other events and bad data do not', () => {
    expect(touchesKey(message('StatementCorrected', { data: { statementId: 's-4', changes: { holder: 'KOR' } } }), KEY, SHOWN)).toBe(true);
    expect(touchesKey(message('StatementCorrected', { data: { statementId: 's-4', changes: { topic: KEY.topic } } }), KEY, SHOWN)).toBe(true);
    expect(touchesKey(message('StatementCorrected', { data: { statementId: 's-4', changes: { modality: 'hedged' } } }), KEY, SHOWN)).toBe(false);
    expect(touchesKey(message('TopicRegistered', { data: { slug: KEY.topic } }), KEY, SHOWN)).toBe(false);
    expect(touchesKey({ event: 'StanceChanged', id: '9', data: 'not json' }, KEY, SHOWN)).toBe(false);
  });
});

describe('newsOf', () => {
  test('says what happened, and the position’s move only when it moved', () => {
    expect(newsOf(message('StanceChanged', { cause: 'recorded', previous: stance('KOR'), current: stance('KOR') }))).toBe('Updated: a statement was recorded.');
    expect(newsOf(message('StanceChanged', { cause: 'retracted', previous: stance('KOR'), current: null }))).toBe(
      'Updated: a statement was retracted; supports → no stance.',
    );
    expect(newsOf(message('StatementCorrected', { data: { statementId: 's-1' } }))).toBe('Updated: a statement was corrected.');
    expect(newsOf({ event: 'Unknown', id: null, data: '' })).toBe('Updated: the ledger changed.');
  });
});
