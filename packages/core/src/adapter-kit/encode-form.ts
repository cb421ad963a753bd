/** An `application/x-www-form-urlencoded` body as ordered name/value pairs. */
export type FormFields = readonly (readonly [name: string, value: string])[];

const KEPT_BY_URI_COMPONENT = /[!'()*]/g;

/** Python's `quote_plus`: unreserved characters kept, space as `+`, everything else `%XX`. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(KEPT_BY_URI_COMPONENT, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * Encodes form fields in order, byte for byte as Python's `urllib.parse.urlencode` (which the
 * reference uses): space becomes `+`, `:` and `/` are percent-encoded, `~` is kept and `*` is not.
 *
 * @example
 * encodeForm([['grant_type', 'client_credentials'], ['scope', 'finance.read x']]);
 * // 'grant_type=client_credentials&scope=finance.read+x'
 */
export function encodeForm(fields: FormFields): string {
  return fields.map(([name, value]) => `${quotePlus(name)}=${quotePlus(value)}`).join('&');
}
