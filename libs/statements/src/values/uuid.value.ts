import { textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';

/** A UUID of any version, in either case. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** statementId, utteranceId: normalised to lower case, so one id has one spelling (and one stream). */
export const uuidRule = textRule({ max: 64 }, (id) => (UUID.test(id) ? accept(id.toLowerCase()) : refuse('expected a UUID')));
