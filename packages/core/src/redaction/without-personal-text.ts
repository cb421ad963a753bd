import { REDACTED } from './redact.js';

// An email address as an IdP writes one in its text: a local part (RFC 5322 §3.2.3 atext and
// dots, or a §3.2.4 quoted string), `@`, a domain. The `@` also as a form field echoes it
// (`%40`, encoded again `%2540`), as an HTML page does (`&#64;`, `&#x40;`), full-width (U+FF20,
// U+FE6B), or beside control characters (which `safeRemoteText` turns into spaces afterwards).
const EMAIL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters around `@`.
  /(?:"[^"\r\n]{1,64}"|(?<![\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-])[\p{L}\p{N}!#$%&'*+/=?^_`{|}~.-]+)[\x00-\x1f\x7f]*(?:@|\uFF20|\uFE6B|%(?:25){0,3}40|&#0{0,3}64;|&#x0{0,3}40;)[\x00-\x1f\x7f]*[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*/giu;
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
  let named = text;
  for (const person of people) {
    const id = typeof person === 'string' ? person.trim() : '';
    if (id === '') continue;
    named = named.replace(
      new RegExp(`(?<!${WORD})${escapeRegExp(id)}(?!${WORD})`, 'giu'),
      () => REDACTED,
    );
  }
  return named.replace(EMAIL, () => REDACTED);
}
