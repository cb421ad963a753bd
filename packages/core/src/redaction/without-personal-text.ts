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
    named = named.replace(
      new RegExp(`(?<!${WORD})${words.join(BETWEEN_WORDS)}(?!${WORD})`, 'giu'),
      () => REDACTED,
    );
  }
  return named.replace(EMAIL, () => REDACTED);
}

// Each non-blank entry of `people` in NFC, as its words escaped for a RegExp.
function wordsOf(people: readonly string[]): string[][] {
  return people
    .map((person) => (typeof person === 'string' ? person.normalize('NFC').trim() : ''))
    .filter((id) => id !== '')
    .map((id) => id.split(/\s+/u).map(escapeRegExp));
}

/**
 * `text`, cut at a length, without a start of one of `people` it ends with: a name of several
 * words that the cut split keeps its first words (`José ` of `José Núñez`), which
 * {@link withoutPersonalText} no longer recognises. Only for the end of a cut text.
 */
export function withoutCutPerson(text: string, people: readonly string[]): string {
  let kept = text.normalize('NFC');
  for (const words of wordsOf(people)) {
    if (words.length < 2) continue;
    // `a(?:\s+b(?:\s+c)?)?` then only spaces to the end: every proper start of the name.
    const start = words
      .slice(0, -1)
      .reduceRight((rest, word) => `${word}(?:${BETWEEN_WORDS}${rest})?`);
    kept = kept.replace(new RegExp(`(?<!${WORD})${start}(?:${BETWEEN_WORDS})?$`, 'iu'), '');
  }
  return kept;
}
