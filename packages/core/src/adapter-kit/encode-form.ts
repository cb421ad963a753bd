/** An `application/x-www-form-urlencoded` body as ordered name/value pairs. */
export type FormFields = readonly (readonly [name: string, value: string])[];

const KEPT_BY_URI_COMPONENT = /[!'()*]/g;

// A lone surrogate has no UTF-8 form: encodeURIComponent would throw a bare URIError.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Python's `quote_plus`: unreserved characters kept, space as `+`, everything else `%XX`. */
function quotePlus(text: string, field: string): string {
  if (typeof text !== 'string') throw new TypeError(`form field '${field}' must be a string`);
  if (LONE_SURROGATE.test(text)) {
    throw new TypeError(`form field '${field}' is not well-formed Unicode`);
  }
  return encodeURIComponent(text)
    .replace(KEPT_BY_URI_COMPONENT, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * Encodes form fields in order, byte for byte as Python's `urllib.parse.urlencode` (which the
 * reference uses): space becomes `+`, `:` and `/` are percent-encoded, `~` is kept and `*` is not.
 *
 * @throws TypeError when a name or value is not a string or has a lone surrogate (no UTF-8 form);
 * the message names the field, never its value.
 *
 * @example
 * encodeForm([['grant_type', 'client_credentials'], ['scope', 'finance.read x']]);
 * // 'grant_type=client_credentials&scope=finance.read+x'
 */
export function encodeForm(fields: FormFields): string {
  return fields
    .map(([name, value]) => `${quotePlus(name, name)}=${quotePlus(value, name)}`)
    .join('&');
}
