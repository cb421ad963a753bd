import { defineInspect } from '../redaction/define-inspect.js';
import { REDACTED } from '../redaction/redact.js';

/** RFC 8693 §3 token type identifiers of the human's token, as `subject_token_type` sends them. */
export const TOKEN_TYPE = /* @__PURE__ */ Object.freeze({
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
  idToken: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  /** A base64url-encoded SAML 2.0 assertion, an identity assertion an ID-JAG exchange takes. */
  saml2: 'urn:ietf:params:oauth:token-type:saml2',
  /** The Identity Assertion JWT Authorization Grant (draft-ietf-oauth-identity-assertion-authz-grant). */
  idJag: 'urn:ietf:params:oauth:token-type:id-jag',
} as const);

/** One of {@link TOKEN_TYPE}'s identifiers, or another URI an IdP defines. */
export type SubjectTokenType = (typeof TOKEN_TYPE)[keyof typeof TOKEN_TYPE] | (string & {});

/**
 * The human's own token (an access token or an ID token the web app got at login), handed to a
 * token exchange as `subject_token` (RFC 8693 §2.1). Made by {@link createSubjectToken}: the token
 * is readable as `value` and redacted in `String()`, `JSON.stringify` and `util.inspect`.
 */
export interface SubjectToken {
  /** The token itself; never log it. */
  readonly value: string;
  /** Its RFC 8693 type: access token (default) or ID token. */
  readonly type: SubjectTokenType;
}

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
/** Longer than any IdP token seen; a bigger value is a mistake (a whole cookie, a body). */
const MAX_SUBJECT_TOKEN_LENGTH = 16_384;

class RedactedSubjectToken implements SubjectToken {
  readonly #value: string;
  declare readonly type: SubjectTokenType;

  constructor(value: string, type: SubjectTokenType) {
    this.#value = value;
    this.type = type;
    defineInspect(this, () => `SubjectToken ${JSON.stringify(this.toJSON())}`);
    Object.freeze(this);
  }

  get value(): string {
    return this.#value;
  }

  toString(): string {
    return `SubjectToken(type=${this.type}, value=${REDACTED})`;
  }

  toJSON(): Record<string, string> {
    return { type: this.type, value: REDACTED };
  }
}

/**
 * Wraps the human's token for a token exchange, checked before it goes anywhere: visible ASCII
 * (RFC 6749 Appendix A.12), at most 16 384 characters, a type that is a URI.
 *
 * @throws TypeError on an empty, oversize or non-ASCII token or a type that is not a URI; the
 * message never quotes the token.
 * @example
 * const subjectToken = createSubjectToken(idToken, TOKEN_TYPE.idToken);
 * `${subjectToken}` // SubjectToken(type=urn:ietf:params:oauth:token-type:id_token, value=***REDACTED***)
 */
export function createSubjectToken(
  value: string,
  type: SubjectTokenType = TOKEN_TYPE.accessToken,
): SubjectToken {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(
      'subject token must be a non-empty string (the human’s access or ID token)',
    );
  }
  if (value.length > MAX_SUBJECT_TOKEN_LENGTH || !VISIBLE_ASCII.test(value)) {
    throw new TypeError(
      `subject token must be visible ASCII of at most ${MAX_SUBJECT_TOKEN_LENGTH} characters (a token, not a header or a cookie)`,
    );
  }
  if (typeof type !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(type)) {
    throw new TypeError('subject token type must be a URI (RFC 8693 §3)');
  }
  return new RedactedSubjectToken(value, type);
}

/** Whether `value` is a {@link SubjectToken} (its `value` and `type` are strings). */
export function isSubjectToken(value: unknown): value is SubjectToken {
  const candidate = value as Partial<SubjectToken> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.value === 'string' &&
    typeof candidate.type === 'string'
  );
}

/**
 * `token` as it is now, read once: a {@link SubjectToken} made by {@link createSubjectToken} is
 * returned as it is (it cannot change); of any other object, `value` and `type` are read once
 * each (a getter, a proxy's trap) into a new frozen `SubjectToken`, redacted in every string form
 * as `createSubjectToken`'s. Nothing is checked beyond {@link isSubjectToken}'s rule (both
 * strings): a token request that took an object before takes its copy now, while later changes
 * to the caller's object (a reused `{ value, type }`) no longer reach a request under way.
 *
 * @returns the token to use, or `undefined` when what was read is no `SubjectToken` (`value` or
 * `type` not a string, or `token` no object).
 * @example
 * readSubjectTokenOnce({ value: accessToken, type: TOKEN_TYPE.accessToken }); // a frozen copy
 */
export function readSubjectTokenOnce(token: unknown): SubjectToken | undefined {
  if (token instanceof RedactedSubjectToken) return token;
  if (typeof token !== 'object' || token === null) return undefined;
  const { value, type } = token as Partial<SubjectToken>;
  return typeof value === 'string' && typeof type === 'string'
    ? new RedactedSubjectToken(value, type)
    : undefined;
}
