import { describe, expect, test } from '@jest/globals';
import { emptySource, emptyStatement, mergePatch, rebaseEdits, type StatementValues } from './values.ts';

/** A correction form's edits carried over a 412: re-applied to the version read again (views/correct.tsx). */
const opened: StatementValues = {
  ...emptyStatement(),
  holder: 'KOR',
  actor: { country: 'KOR', body: 'Ministry of Foreign Affairs', person: '', role: '' },
  topic: 'aukus-pillar-ii',
  target: 'KOR',
  position: 'considering',
  statedAt: '2024-11',
  modality: 'hedged',
  summary: 'Seoul is considering it.',
  sources: [{ ...emptySource(), url: 'https://example.org/a' }],
};

describe('rebaseEdits', () => {
  test('given the user changed the summary and someone else the modality, then both land: the user’s summary on the current version', () => {
    const edited = { ...opened, summary: 'Seoul is positively considering it.' };
    const current = { ...opened, modality: 'firm' };
    const rebased = rebaseEdits(opened, edited, current);
    expect(rebased.values).toEqual({ ...opened, modality: 'firm', summary: 'Seoul is positively considering it.' });
    expect(rebased.kept).toEqual(['summary']);
    expect(rebased.conflicts).toEqual([]);
    // What the form then sends: the user's edit alone, against the current version.
    expect(mergePatch(current, rebased.values)).toEqual({ summary: 'Seoul is positively considering it.' });
  });

  test('given both changed the same field differently, then the user’s value is kept and named as a conflict; the same change is no conflict', () => {
    const edited = {
      ...opened,
      position: 'supports',
      actor: { ...opened.actor, person: 'Kim Tae-hyo' },
      sources: [{ ...emptySource(), url: 'https://example.org/b' }],
    };
    const current = { ...opened, position: 'opposes', actor: { ...opened.actor, person: 'Kim Tae-hyo' } };
    const rebased = rebaseEdits(opened, edited, current);
    expect(rebased.values.position).toBe('supports');
    expect(rebased.values.actor.person).toBe('Kim Tae-hyo');
    expect(rebased.values.sources).toEqual(edited.sources);
    expect(rebased.kept).toEqual(['actor/person', 'position', 'sources']);
    expect(rebased.conflicts).toEqual(['position']);
  });

  test('given the user changed nothing, then the form is the current version as it is', () => {
    const current = { ...opened, summary: 'Changed elsewhere.', actor: { ...opened.actor, role: 'spokesperson' } };
    expect(rebaseEdits(opened, opened, current)).toEqual({ values: current, kept: [], conflicts: [] });
  });
});
