import { cutText } from '../redaction/cut-text.js';
import { REDACTED, trimRemoteText } from '../redaction/redact.js';
import { withoutCutPerson, withoutPersonalText } from '../redaction/without-personal-text.js';
import { encodeForm } from './encode-form.js';

/** The shortest run shared with a credential that counts as a piece of it. */
export const MIN_CREDENTIAL_PIECE = 8;

/** Form fields whose values are credentials (RFC 6749 §2.3.1, RFC 7521 §4.2, RFC 8693 §2.1). */
export const CREDENTIAL_FORM_FIELDS: ReadonlySet<string> = new Set([
  'client_secret',
  'client_assertion',
  'assertion',
  'subject_token',
  'actor_token',
  'refresh_token',
  'password',
  'code',
  'code_verifier',
]);

function pieces(credentials: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const credential of credentials) {
    for (let i = 0; i + MIN_CREDENTIAL_PIECE <= credential.length; i++) {
      set.add(credential.slice(i, i + MIN_CREDENTIAL_PIECE));
    }
  }
  return set;
}

/**
 * The credentials and, for each the form encodes differently, its form-encoded text: an IdP that
 * echoes the request body as it came (`client_secret=p%40ss%3Aw0rd`) shares no piece with a secret
 * whose symbols (`@`, `:`, `/`, `+`, `&`, `=`) each cut it into runs shorter than a piece.
 */
function withFormEncoded(credentials: readonly string[]): string[] {
  const all = [...credentials];
  for (const credential of credentials) {
    let encoded: string;
    try {
      encoded = encodeForm([['', credential]]).slice(1);
    } catch {
      // No UTF-8 form (a lone surrogate): the form could not have carried it either.
      continue;
    }
    if (encoded !== credential) all.push(encoded);
  }
  return all;
}

/** Scrubs one text of the credentials it was made for: see {@link credentialScrubber}. */
export type CredentialScrubber = (text: string) => string;

/**
 * {@link scrubCredentials} for many texts and the same `credentials`: their pieces are cut once,
 * when it is made, rather than for every text (an error body's several fields).
 *
 * @example
 * const scrub = credentialScrubber([secret, assertion]);
 * [scrub(description), scrub(code)];
 */
export function credentialScrubber(credentials: readonly string[]): CredentialScrubber {
  const given = withFormEncoded(credentials.filter((c) => typeof c === 'string' && c !== ''));
  const short = given.filter((c) => c.length < MIN_CREDENTIAL_PIECE);
  const known = pieces(given);
  return (text) => {
    const covered = new Uint8Array(text.length);
    for (let i = 0; i + MIN_CREDENTIAL_PIECE <= text.length; i++) {
      if (known.has(text.slice(i, i + MIN_CREDENTIAL_PIECE))) {
        covered.fill(1, i, i + MIN_CREDENTIAL_PIECE);
      }
    }
    for (const credential of short) {
      for (let at = text.indexOf(credential); at !== -1; at = text.indexOf(credential, at + 1)) {
        covered.fill(1, at, at + credential.length);
      }
    }
    let out = '';
    for (let i = 0; i < text.length; i++) {
      if (covered[i] === 0) out += text[i];
      else if (i === 0 || covered[i - 1] === 0) out += REDACTED;
    }
    return out;
  };
}

/**
 * `text` with every piece of a credential replaced by `***REDACTED***`: any run of at least
 * {@link MIN_CREDENTIAL_PIECE} characters that also occurs in one of `credentials` or in its
 * form-encoded text, as `encodeForm` sent it (so a quoted prefix of a client assertion goes too, and
 * a secret echoed as `p%40ss%3Aw0rd`), and a credential shorter than that wherever it appears
 * whole. For remote text that may echo what was sent, such as an IdP's `error_description`.
 *
 * @example
 * scrubCredentials(`bad assertion ${assertion.slice(0, 20)}`, [assertion]); // 'bad assertion ***REDACTED***'
 */
export function scrubCredentials(text: string, credentials: readonly string[]): string {
  return credentialScrubber(credentials)(text);
}

/**
 * Remote text made safe to keep: cut to a working length, scrubbed of `credentials`
 * ({@link scrubCredentials}; or by a {@link credentialScrubber} made once for several texts), of
 * every email address and of each of `people` (the human's id, name, login the request named:
 * `withoutPersonalText`, as an IdP may echo who the token was asked for), stripped of control
 * characters and trimmed to `max` characters. `undefined` for anything but a non-blank string.
 */
export function safeRemoteText(
  value: unknown,
  credentials: readonly string[] | CredentialScrubber,
  max = 200,
  people: readonly string[] = [],
): string | undefined {
  if (typeof value !== 'string') return undefined;
  const scrub = typeof credentials === 'function' ? credentials : credentialScrubber(credentials);
  // Cut first so a huge body costs nothing, with room for scrubbed pieces that shrink the text.
  const cut = value.length > max * 8 ? withoutCutPerson(cutText(value, max * 8), people) : value;
  return trimRemoteText(withoutPersonalText(scrub(cut), people), max);
}
