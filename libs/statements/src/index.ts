/** @app/statements — the pure domain: values, validation, events, decide/evolve, stance logic. */
export * from './domain-error.js';
export type { Decider } from './decider.js';
export * from './events/ledger-event.js';

export * from './validation/field-error.js';
export { codePoints, textProblem } from './validation/text.rules.js';
export { mergePatch, mergePatchBetween } from './validation/json-merge-patch.js';

export * from './values/country-code.value.js';
export * from './values/cameo-codebook.js';
export * from './values/cameo-code.value.js';
export { parseCalendarTime, type CalendarPrecision, type CalendarSpan } from './values/calendar-time.value.js';
export * from './values/stated-at.value.js';
export * from './values/position.value.js';
export * from './values/attribution.value.js';
export * from './values/modality.value.js';
export * from './values/holder.value.js';
export { TOPIC_SLUG, TOPIC_SLUG_MAX, topicSlugSchema } from './values/topic-slug.value.js';
export { UUID, uuidSchema } from './values/uuid.value.js';

export * from './topics/topic.types.js';
export * from './topics/topic.parser.js';
export * from './topics/topic.events.js';
export * from './topics/topic.commands.js';
export * from './topics/topic.errors.js';
export * from './topics/topic.decide.js';
export * from './topics/topic.evolve.js';
export * from './topics/topic.decider.js';

export * from './actors/actor.types.js';
export * from './actors/actor.schema.js';
export * from './actors/actor.parser.js';
export * from './actors/actor.events.js';
export * from './actors/actor.commands.js';
export * from './actors/actor.errors.js';
export * from './actors/actor.decide.js';
export * from './actors/actor.evolve.js';
export * from './actors/actor.decider.js';
export { actorSlugSchema } from './values/actor-slug.value.js';

export * from './statements/statement-content.types.js';
export * from './statements/statement.schema.js';
export {
  field,
  fieldMeta,
  fieldsOf,
  leavesOf,
  normalForm,
  valueAt,
  type FieldMeta,
  type FieldOf,
  type JsonSchemaFragment,
  type Leaf,
  type ObjectSchema,
} from './validation/field-schema.js';
export * from './statements/record-statement.parser.js';
export * from './statements/record-batch.parser.js';
export * from './statements/correction.parser.js';
export * from './statements/retraction.parser.js';
export * from './statements/statement-changes.js';
export * from './statements/statement.upcast.js';
export * from './statements/duplicate-key.js';
export * from './statements/statement.events.js';
export * from './statements/statement.commands.js';
export * from './statements/statement.errors.js';
export * from './statements/statement.decide.js';
export * from './statements/statement.evolve.js';
export * from './statements/statement.decider.js';

export * from './stances/position-change.js';
export * from './stances/statement-order.js';
export * from './stances/compute-stance.js';
export * from './stances/stance-history.js';
export * from './stances/alignment.js';
