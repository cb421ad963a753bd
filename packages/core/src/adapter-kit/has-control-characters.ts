// Unicode controls (Cc: C0, DEL, C1), format characters (Cf: the bidirectional marks, embeddings,
// overrides and isolates of UAX #9, zero-width spaces and joiners, the BOM, the soft hyphen, tag
// characters), private-use characters (Co: drawn as whatever a font puts there), lone surrogates
// (Cs: no UTF-8 form, a log writes U+FFFD) and the line and paragraph separators. None belongs in
// an IdP identifier: each can rewrite how a log line reads, or make an id print as another while
// every id-keyed store sees a different one. Unassigned code points are not refused: that set
// depends on the runtime's Unicode version, and verifiers on two runtimes must agree.
const CONTROL = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/u;

/**
 * Whether `value` holds a character no IAM identifier (a user id, a client id, an `act.sub`)
 * contains: a control character (C0, DEL, C1), a format character (Unicode category Cf: the
 * bidirectional marks, embeddings, overrides and isolates, zero-width spaces and joiners, U+2060,
 * the BOM U+FEFF, the soft hyphen U+00AD, tag characters), a private-use character, a lone
 * surrogate, or U+2028/U+2029. Verifiers refuse such identifiers, so a line break, a reordering or
 * an invisible character in one cannot forge a log line or an audit record, or pass for another id.
 *
 * @example
 * hasControlCharacters('alice\r\nX: forged'); // true
 * hasControlCharacters('user-123\u200b'); // true
 * hasControlCharacters('auth0|65f0c1'); // false
 */
export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}
