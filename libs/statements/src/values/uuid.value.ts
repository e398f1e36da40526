import { textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';
import { valueSchema } from '../validation/field-schema.js';

/** A UUID of any version, in either case. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id: normalised to lower case, so one id has one spelling (and one stream). */
export const uuidRule = textRule({ max: 64 }, (id) => (UUID.test(id) ? accept(id.toLowerCase()) : refuse('expected a UUID')));

export const uuidSchema = valueSchema(uuidRule, { type: 'string', format: 'uuid', examples: ['0b9a6c1e-4d2f-4a8e-9c3b-5e7f1a2b3c4d'] }, 'Uuid');
