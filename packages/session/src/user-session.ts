import {
  createSubjectToken,
  type KnownOptions,
  REDACTED,
  readOptions,
  type SubjectToken,
  TOKEN_TYPE,
} from '@dual-auth/core';
import { valueType } from './value-type.js';

// Defined in the constructor, not as an `[INSPECT]()` member: esbuild keeps a class with a computed
// member in every bundle of its file, used or not (evanw/esbuild#3189; core's defineInspect).
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** What {@link UserSession} takes: the logged-in human as the web app knows them. */
export interface UserSessionInit {
  /** The IdP's user id (Keycloak UUID, `auth0|…`, `00u…`, UPN): becomes `act.sub`. Required. */
  userId: string;
  userEmail?: string | undefined;
  userName?: string | undefined;
  /** The directory object id, when the IdP has one: becomes `act.oid`. */
  userOid?: string | undefined;
  /**
   * The human's access token from the login, for agents that get their token by token exchange
   * (RFC 8693): the `subject_token`. Never logged; redacted in every string form.
   */
  accessToken?: string | undefined;
  /**
   * The human's ID token, for IdPs whose exchange takes one (Okta Cross App Access: pass
   * `session.idToken`). Used as `subjectToken` when there is no `accessToken`. Never logged; redacted in every string form.
   */
  idToken?: string | undefined;
}

const OPTIONS = {
  userId: true,
  userEmail: true,
  userName: true,
  userOid: true,
  accessToken: true,
  idToken: true,
} as const satisfies KnownOptions<UserSessionInit>;

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new TypeError(`UserSession: ${name} must be a string`);
  return value === '' ? undefined : value;
}

function humanToken(value: unknown, name: string, type: string): SubjectToken | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new TypeError(`UserSession: ${name} must be a string`);
  try {
    return createSubjectToken(value, type);
  } catch (error) {
    throw new TypeError(`UserSession: ${name}: ${(error as Error).message}`);
  }
}

/**
 * The human logged in to the web app (Python's `UserSession`). `userId` is required — the same
 * rule as for record sessions: the IAM id is what travels in `act.sub`, so the email never has
 * to. Email and name are personal data, and the human's access and ID tokens are credentials:
 * all show redacted through `String()`, `JSON.stringify` and `util.inspect`.
 *
 * @example
 * const session = new UserSession({ userId: '0f9c…', userEmail: 'alice@example.com' });
 * const act = sender.extractActFromSession(session); // { sub: '0f9c…' }
 * // token exchange: keep the human's token from the login, never logged
 * const withToken = new UserSession({ userId: '0f9c…', accessToken });
 * await inSession.requestToken({ agentId, act, scope, subjectToken: withToken.subjectToken });
 */
export class UserSession {
  declare readonly userId: string;
  declare readonly userOid: string | undefined;
  // Private fields: personal data stays out of spreads, Object.keys and structured clones.
  readonly #userEmail: string | undefined;
  readonly #userName: string | undefined;
  readonly #accessToken: SubjectToken | undefined;
  readonly #idToken: SubjectToken | undefined;

  constructor(given: UserSessionInit | UserSession) {
    if (typeof given !== 'object' || given === null) {
      throw new TypeError(
        'UserSession: expected an object { userId, userEmail?, userName?, userOid? }',
      );
    }
    // A UserSession given again is copied whole, its private fields with it (as `new Date(date)`).
    // Else own fields only: an inherited userOid would be every human's Entra object id. A field
    // under another name (Python's user_oid, an ID token's oid) is refused, never dropped.
    const init: UserSessionInit =
      #idToken in given
        ? {
            userId: given.userId,
            userOid: given.userOid,
            userEmail: given.#userEmail,
            userName: given.#userName,
            accessToken: given.#accessToken?.value,
            idToken: given.#idToken?.value,
          }
        : readOptions(given, OPTIONS, 'UserSession');
    if (init.userId === undefined || init.userId === '') {
      throw new TypeError(
        "UserSession: userId is required: pass the IdP's user id (e.g. the ID token's sub); act.sub carries the IAM identifier, never the email (to use the email as the id on purpose, pass it as userId)",
      );
    }
    if (typeof init.userId !== 'string' || init.userId.trim() === '') {
      throw new TypeError(
        `UserSession: userId must be a non-empty string (the IdP user id)${typeof init.userId === 'string' ? '' : `, got ${valueType(init.userId)}`}`,
      );
    }
    this.userId = init.userId;
    this.#userEmail = optionalString(init.userEmail, 'userEmail');
    this.#userName = optionalString(init.userName, 'userName');
    this.userOid = optionalString(init.userOid, 'userOid');
    this.#accessToken = humanToken(init.accessToken, 'accessToken', TOKEN_TYPE.accessToken);
    this.#idToken = humanToken(init.idToken, 'idToken', TOKEN_TYPE.idToken);
    Object.defineProperty(this, INSPECT, {
      value: () => `UserSession ${JSON.stringify(this.toJSON())}`,
    });
    Object.freeze(this);
  }

  get userEmail(): string | undefined {
    return this.#userEmail;
  }

  get userName(): string | undefined {
    return this.#userName;
  }

  /**
   * The human's token for a token exchange: the access token when the session has one, else the ID
   * token, else `undefined`. Pass it as `subjectToken` of a token request; Cross App Access
   * (`@dual-auth/adapter-oauth`'s `id-jag` mode) takes {@link UserSession.idToken} instead and
   * refuses an access token.
   */
  get subjectToken(): SubjectToken | undefined {
    return this.#accessToken ?? this.#idToken;
  }

  /** The human's access token, when the session holds one (redacted in string forms). */
  get accessToken(): SubjectToken | undefined {
    return this.#accessToken;
  }

  /**
   * The human's ID token, when the session holds one (redacted in string forms): the subject token
   * of an ID-JAG exchange (Cross App Access, draft-ietf-oauth-identity-assertion-authz-grant §4.3).
   */
  get idToken(): SubjectToken | undefined {
    return this.#idToken;
  }

  toJSON(): Record<string, string | undefined> {
    return {
      userId: this.userId,
      userEmail: this.#userEmail === undefined ? undefined : REDACTED,
      userName: this.#userName === undefined ? undefined : REDACTED,
      userOid: this.userOid,
      accessToken: this.#accessToken === undefined ? undefined : REDACTED,
      idToken: this.#idToken === undefined ? undefined : REDACTED,
    };
  }

  toString(): string {
    return `UserSession(user_id=${this.userId})`;
  }
}
