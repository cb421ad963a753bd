// C0 controls and DEL, C1 controls, the line and paragraph separators, and the bidirectional
// marks, embeddings, overrides and isolates (Unicode UAX #9): none belongs in an IdP identifier,
// and each can rewrite how a log line or an audit record reads.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * Whether `value` holds a character no IAM identifier (a user id, a client id, an `act.sub`)
 * contains: a C0 or C1 control character, DEL, U+2028/U+2029, or a bidirectional mark, embedding,
 * override or isolate (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069). Verifiers refuse
 * such identifiers, so a line break or a reordering in one cannot forge a log line or an audit
 * record.
 *
 * @example
 * hasControlCharacters('alice\r\nX: forged'); // true
 * hasControlCharacters('auth0|65f0c1'); // false
 */
export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}
