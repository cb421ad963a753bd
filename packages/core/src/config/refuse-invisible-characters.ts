import { ConfigurationError } from '../errors/configuration-error.js';

// Control characters (C0, DEL, C1), format characters (the byte-order mark, zero-width and
// bidirectional marks) and the Unicode line and paragraph separators: none is part of a client
// id, a tenant, an audience or a URL, and each would be sent to the IdP as is (the WHATWG URL
// parser even drops tabs and line breaks without a word).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const LINE_BREAK = /[\r\n\p{Zl}\p{Zp}]/u;
const CONTROL = /\p{Cc}/u;
// What the reference strips around a value (Python's `str.strip()`, docs/wire-format.md): the
// surrounding ASCII whitespace a `echo` or an editor leaves, which getConfig trims too.
const SURROUNDING_SPACE = /^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g;

function describeCharacter(character: string): string {
  const code = `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (LINE_BREAK.test(character)) return `a line break (${code})`;
  if (character === '\uFEFF') return `a byte-order mark (${code})`;
  if (CONTROL.test(character)) return `a control character (${code})`;
  return `an invisible format character (${code})`;
}

/**
 * Refuses a setting that goes on the wire (a client id, tenant, audience, issuer or token URL;
 * a secrets store's region, vault URL or secret prefix) when, past the surrounding whitespace that
 * is trimmed, it holds a control character, a line break, a byte-order mark or another invisible
 * format character (`\p{Cc}`, `\p{Cf}`, `\p{Zl}`, `\p{Zp}`). The message names the variable and
 * the character's code point, never the value.
 *
 * @param variable - The name the message gives: the environment variable or option it came from.
 * @param sentTo - Where the value goes, as the message says it. Default `'the IdP'`.
 * @throws ConfigurationError naming `variable`, saying how to write the value without it.
 * @example
 * refuseInvisibleCharacters('AGENT_CLIENT_ID', 'finance\u200Bagent'); // throws: U+200B
 */
export function refuseInvisibleCharacters(
  variable: string,
  value: string,
  sentTo = 'the IdP',
): void {
  const found = INVISIBLE.exec(value.replace(SURROUNDING_SPACE, ''))?.[0];
  if (found === undefined) return;
  throw new ConfigurationError({
    message:
      `${variable} holds ${describeCharacter(found)}, which would be sent to ${sentTo} as is: ` +
      `write the value without it, e.g. printf '%s' "$VALUE" > ${variable} for a secret file ` +
      '(echo adds a line break, some editors a byte-order mark)',
    variable,
  });
}
