import { CONTENT } from '../testing/statement-fixtures.js';
import { CONTENT_COLUMNS, contentColumns, recordStatementSchema, STATEMENT_FIELD_PATHS, statementContentSchema } from './statement.schema.js';

describe('the statement schema, the one declaration the rest is derived from', () => {
  it("lists the content's values in the contract's order (the CSV columns and the audit's pointers follow it)", () => {
    expect(STATEMENT_FIELD_PATHS.map((path) => path.join('.'))).toEqual([
      'holder',
      'actor.country',
      'actor.body',
      'actor.person',
      'actor.role',
      'topic',
      'target',
      'position',
      'statedAt',
      'attribution',
      'modality',
      'summary',
      'quote',
      'quoteLanguage',
      'sources',
      'cameoCode',
      'utteranceId',
    ]);
  });

  it('declares the typed columns the read models filter and order by', () => {
    expect(CONTENT_COLUMNS.map(({ name, sqlType, path }) => [name, sqlType, path.join('.')])).toEqual([
      ['holder', 'text', 'holder'],
      ['country', 'text', 'actor.country'],
      ['topic', 'text', 'topic'],
      ['target', 'text', 'target'],
      ['position', 'text', 'position'],
      ['attribution', 'text', 'attribution'],
      ['modality', 'text', 'modality'],
      ['utterance_id', 'uuid', 'utteranceId'],
    ]);
    expect(contentColumns({ ...CONTENT, utteranceId: null })).toEqual({
      holder: 'KOR',
      country: 'KOR',
      topic: 'aukus-pillar-ii',
      target: 'KOR',
      position: 'considering',
      attribution: 'on_record',
      modality: 'firm',
      utterance_id: null,
    });
  });

  it("is a zod schema whose own parse runs the same rules: the normal form passes, ids are lower-cased, a bad value gets the rule's words", () => {
    expect(statementContentSchema.safeParse(CONTENT)).toEqual({ success: true, data: CONTENT });
    const id = '52E30963-9EB7-5AA1-B46B-6398CF6164FB';
    const parsed = recordStatementSchema.safeParse({ statementId: id, ...CONTENT });
    expect(parsed.success && parsed.data.statementId).toBe(id.toLowerCase());
    const refused = statementContentSchema.safeParse({ ...CONTENT, actor: { ...CONTENT.actor, country: 'kor' }, extra: 1 });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map(({ path, message }) => [path.join('/'), message])).toEqual([
      ['actor/country', 'country codes are upper-case: KOR'],
      ['', expect.stringContaining('extra')],
    ]);
  });
});
