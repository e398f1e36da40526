import { z } from 'zod';

/**
 * The POST /v1/statements body as a team would write it from the API contract: the same
 * fields, types and limits as Stance Ledger's body, in one zod schema (no shared code).
 */
const countryCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code');
const holderOrTarget = z.string().regex(/^([A-Z]{3}|[a-z0-9]+(-[a-z0-9]+)*)$/, 'expected a country code or an actor slug');
const shortText = z.string().max(200);
const partialDate = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?)?)?$/;
const statedAt = z
  .string()
  .max(64)
  .refine((value) => value.split('/').every((part) => partialDate.test(part)), 'expected YYYY, YYYY-MM, YYYY-MM-DD, a date-time or an interval');

export const sourceSchema = z
  .strictObject({
    url: z.url({ protocol: /^https?$/ }).nullish(),
    publisher: shortText.nullish(),
    title: z.string().max(500).nullish(),
    publishedAt: statedAt.nullish(),
  })
  .refine((source) => source.url || source.publisher, 'a source needs a url or a publisher');

export const createStatementSchema = z
  .strictObject({
    statementId: z.uuid().nullish(),
    holder: holderOrTarget.nullish(),
    actor: z.strictObject({
      country: countryCode.nullish(),
      body: shortText.nullish(),
      person: shortText.nullish(),
      role: shortText.nullish(),
    }),
    topic: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    target: holderOrTarget.nullish(),
    position: z.enum(['opposes', 'concerned', 'neutral', 'considering', 'supports']),
    statedAt,
    attribution: z.enum(['on_record', 'unnamed_official', 'anonymous_sources', 'reported']).default('on_record'),
    modality: z.enum(['firm', 'hedged', 'conditional']).default('firm'),
    summary: z.string().max(2000).nullish(),
    quote: z.string().max(5000).nullish(),
    quoteLanguage: z.string().max(35).nullish(),
    source: sourceSchema.optional(),
    sources: z.array(sourceSchema).min(1).max(20).optional(),
    cameoCode: z
      .string()
      .regex(/^\d{2,4}$/)
      .nullish(),
    utteranceId: z.uuid().nullish(),
  })
  .refine((body) => body.holder || body.actor.country, { message: 'holder or actor.country is required', path: ['holder'] })
  .refine((body) => (body.source === undefined) !== (body.sources === undefined), { message: 'send either source or sources', path: ['sources'] });

export type CreateStatementDto = z.infer<typeof createStatementSchema>;
