import { REDACTED } from './redact.js';

// An email address as an IdP writes one in its text: a local part (RFC 5322 §3.2.3 atext and
// dots, or a §3.2.4 quoted string), `@`, a domain. The `@` also as a form field echoes it
// (`%40`, encoded again `%2540`), as an HTML page does (`&#64;`, `&#x40;`), full-width (U+FF20,
// U+FE6B), or beside control characters (C0 ones `safeRemoteText` turns into spaces afterwards,
// C1 ones such as U+0085) and invisible format characters (U+200B, U+00AD), which a reader of
// the kept text never sees.
const EMAIL =
  /(?:"[^"\r\n]{1,64}"|(?<![\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-])[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+)[\p{Cc}\p{Cf}]*(?:@|\uFF20|\uFE6B|%(?:25){0,3}40|&#0{0,3}64;|&#x0{0,3}40;)[\p{Cc}\p{Cf}]*[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*/giu;
// Between the words of a name: any run of spaces, control or format characters (a line break
// becomes a space in the kept text; a no-break space prints as one).
const BETWEEN_WORDS = String.raw`[\s\p{Cc}\p{Cf}]+`;
// What may stand beside an id inside a longer word: an id found there is part of something else.
const WORD = String.raw`[\p{L}\p{N}._@-]`;

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, String.raw`\$&`);
}

/**
 * `text` (an IdP's words) with each of `people` (a human's id, email or name: case-insensitively,
 * as a whole word) and every email address replaced by `***REDACTED***`. A token endpoint may echo
 * who it was asked about (a client assertion's `act.sub`, a subject token's claims) in `error`,
 * `error_description` or any other field of its answer, and the session's rule is that no email or
 * name is logged or kept. The one rule for every adapter (through `safeRemoteText`) and the cli
 * doctor. Blank entries of `people` are ignored.
 *
 * @example
 * withoutPersonalText('user ALICE@corp.example is disabled', ['u-1']);
 * // 'user ***REDACTED*** is disabled'
 */
export function withoutPersonalText(text: string, people: readonly string[] = []): string {
  // NFC both: a name decomposed (`e` + U+0301) prints as the composed one the request named.
  let named = text.normalize('NFC');
  for (const words of wordsOf(people)) {
    // Longer than the text, it cannot be in it (and its RegExp could be too large to compile).
    if (words.join(' ').length > named.length) continue;
    try {
      named = named.replace(
        new RegExp(`(?<!${WORD})${spelled(words)}(?!${WORD})`, 'giu'),
        () => REDACTED,
      );
    } catch {
      // A RegExp too large for the engine: nothing of the text is kept rather than the person.
      return REDACTED;
    }
  }
  return named.replace(EMAIL, () => REDACTED);
}

// Each non-blank entry of `people` in NFC, as its words.
function wordsOf(people: readonly string[]): string[][] {
  return people
    .map((person) => (typeof person === 'string' ? person.normalize('NFC').trim() : ''))
    .filter((id) => id !== '')
    .map((id) => id.split(/\s+/u));
}

// Past these a value is no name (an act's `sub` is at most 256 characters): matched as written,
// as a RegExp with one class per word gap grows slow and then fails to compile.
const MAX_SPACED_LENGTH = 256;
const MAX_SPACED_WORDS = 16;

// A person's words as a RegExp source: any spacing between them, for a name.
function spelled(words: readonly string[]): string {
  if (words.length > MAX_SPACED_WORDS || words.join(' ').length > MAX_SPACED_LENGTH) {
    return escapeRegExp(words.join(' '));
  }
  return words.map(escapeRegExp).join(BETWEEN_WORDS);
}

// The text's words and the runs between them, as `split` with a capture gives them.
const SPLIT_WORDS = new RegExp(`(${BETWEEN_WORDS})`, 'u');

/**
 * `text`, cut at a length, without a start of one of `people` it ends with: a name of several
 * words that the cut split keeps its first words (`José ` of `José Núñez`), which
 * {@link withoutPersonalText} no longer recognises. Only for the end of a cut text. Compared word
 * by word (no RegExp of the name: one nested group per word would not compile for a long one).
 */
export function withoutCutPerson(text: string, people: readonly string[]): string {
  let kept = text.normalize('NFC');
  for (const words of wordsOf(people)) {
    if (words.length >= 2) kept = withoutStartOf(kept, words);
  }
  return kept;
}

// `text` without its last words when they are the first words of `words` (case-insensitively).
function withoutStartOf(text: string, words: readonly string[]): string {
  const parts = text.split(SPLIT_WORDS);
  // Words are at even indexes, the runs between them at odd ones; a last empty word is no word.
  let last = parts.length - 1;
  if (parts[last] === '') last -= 2;
  for (let count = Math.min(words.length - 1, Math.floor(last / 2) + 1); count > 0; count--) {
    const first = last - 2 * (count - 1);
    const same = words
      .slice(0, count)
      .every((word, i) => word.toLowerCase() === parts[first + 2 * i]?.toLowerCase());
    if (same) return parts.slice(0, first).join('');
  }
  return text;
}
