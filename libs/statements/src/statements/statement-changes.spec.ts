import { CONTENT, NOW } from '../testing/statement-fixtures.js';
import { applyStatementChanges, correctedContent } from './statement-changes.js';
import type { StatementContent } from './statement-content.types.js';

describe('applying a correction (merge patch)', () => {
  it('replaces the fields sent and keeps the others', () => {
    const next = applyStatementChanges(CONTENT, { position: 'supports', statedAt: '2024-11-20' });
    expect(next).toEqual({ ...CONTENT, position: 'supports', statedAt: '2024-11-20' });
  });

  it('merges actor field by field, and source (v1) into the first source field by field', () => {
    const next = applyStatementChanges(CONTENT, { actor: { role: 'Director' }, source: { publishedAt: '2024-11-21' } });
    expect(next.actor).toEqual({ ...CONTENT.actor, role: 'Director' });
    expect(next.sources).toEqual([{ ...CONTENT.sources[0], publishedAt: '2024-11-21' }]);
  });

  it('removes an optional field with null, which reads back as null (not missing)', () => {
    const next = applyStatementChanges(CONTENT, { target: null, summary: null, actor: { person: null }, source: { publisher: null } });
    expect(next).toEqual({
      ...CONTENT,
      target: null,
      summary: null,
      actor: { ...CONTENT.actor, person: null },
      sources: [{ ...CONTENT.sources[0], publisher: null }],
    });
    expect(Object.keys(next)).toEqual(Object.keys(CONTENT));
  });

  it('sets a field that was null', () => {
    expect(applyStatementChanges(CONTENT, { quote: '적극 검토', quoteLanguage: 'ko' })).toMatchObject({ quote: '적극 검토', quoteLanguage: 'ko' });
  });
});

describe('what a correction makes of a statement', () => {
  it('is the patch checked and applied', () => {
    expect(correctedContent(CONTENT, { target: 'JPN' }, NOW)).toEqual({
      ok: true,
      value: { changes: { target: 'JPN' }, content: { ...CONTENT, target: 'JPN' } },
    });
  });

  it('re-validates the merged statement in full: a field that no longer passes is named under /changes', () => {
    // Recorded when '999' was (hypothetically) in the codebook; correcting anything else must still fix it.
    const stale: StatementContent = { ...CONTENT, cameoCode: '999', actor: { ...CONTENT.actor, country: 'ZZZ' } };
    expect(correctedContent(stale, { summary: 'x' }, NOW)).toEqual({
      ok: false,
      errors: [
        { pointer: '/changes/actor/country', detail: expect.stringContaining('ISO 3166-1') },
        { pointer: '/changes/cameoCode', detail: expect.stringContaining('CAMEO') },
      ],
    });
    expect(correctedContent(stale, { cameoCode: '0312', actor: { country: 'KOR' } }, NOW).ok).toBe(true);
  });

  it('refuses a patch that breaks a rule before merging', () => {
    expect(correctedContent(CONTENT, { position: null }, NOW)).toEqual({
      ok: false,
      errors: [{ pointer: '/changes/position', detail: 'is required; it cannot be removed' }],
    });
  });
});
