import { textJson, textRule } from '../validation/text.rules.js';
import { accept, refuse } from '../validation/value-rule.js';
import { valueSchema } from '../validation/field-schema.js';

const HTTP_URL = /^https?:\/\//i;
// The WHATWG parser would silently drop these; a URL that needs them is not one we store.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const WHITESPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f]/;

/** source.url: an absolute http(s) URL with a host, ≤ 2048 code points, kept as sent. */
export const sourceUrlRule = textRule({ max: 2048 }, (url) => {
  const problem = 'expected an absolute http(s) URL';
  if (!HTTP_URL.test(url) || WHITESPACE_OR_CONTROL.test(url)) return refuse(problem);
  try {
    return new URL(url).hostname === '' ? refuse(problem) : accept(url);
  } catch {
    return refuse(problem);
  }
});

export const sourceUrlSchema = valueSchema(sourceUrlRule, {
  ...textJson({ min: 1, max: 2048 }),
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
  description: 'An absolute http(s) URL. At most 2048 code points; U+0000 and unpaired surrogates are refused.',
});
