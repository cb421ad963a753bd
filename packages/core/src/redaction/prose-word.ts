// A word as people and programs write one, not a key: parts joined by `_`, `-` or `.`, each in
// lower case, UPPER case, Capitalized or PascalCase (each hump of two lower-case letters or more:
// `AccessDeniedException`, `ERR_ACCESS`, `com.example.TokenExpired`), a part after the first may
// be a short number (up to 8 digits, or `0x` and up to 16 hex digits: `_404`, `0x80070005`; a
// longer one is a key's, as in `xoxb-<13 digits>-…` or `Key_0x<64 hex>`). A key mixes digits in, or humps of one letter (`ZmYvbFhQ`). Each part
// is read one way only: a run of capitals, then small letters and humps after them. Were a hump
// allowed straight after the capitals, `Abc` would read two ways and a long word of such parts
// that fails in the end (`AbcAbc.` repeated, then `+`) would try 2^parts readings.
const PROSE_PART = '[A-Z]*(?:[a-z]+(?:[A-Z][a-z]{2,})*)?';
const PROSE_WORD = new RegExp(
  `^(?=[A-Za-z])${PROSE_PART}(?:[_.-](?:${PROSE_PART}|\\d{1,8}|0x[\\dA-Fa-f]{1,16}))*$`,
);

/**
 * Whether `word` reads as a word people or programs write (`insufficient_scope`,
 * `AccessDeniedException`, `ERR_ACCESS_0x80070005`) rather than a key: a credential rule keeps
 * such a word after a credential's name.
 */
export function readsAsProse(word: string): boolean {
  return PROSE_WORD.test(word);
}
