import { REDACTED } from '@dual-auth/core';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** What {@link UserSession} takes: the logged-in human as the web app knows them. */
export interface UserSessionInit {
  /** The IdP's user id (Keycloak UUID, `auth0|…`, `00u…`, UPN): becomes `act.sub`. Required. */
  userId: string;
  userEmail?: string | undefined;
  userName?: string | undefined;
  /** The directory object id, when the IdP has one: becomes `act.oid`. */
  userOid?: string | undefined;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new TypeError(`UserSession: ${name} must be a string`);
  return value === '' ? undefined : value;
}

/**
 * The human logged in to the web app (Python's `UserSession`). `userId` is required — the same
 * rule as for record sessions: the IAM id is what travels in `act.sub`, so the email never has
 * to. Email and name are personal data: they show redacted through `String()`, `JSON.stringify`
 * and `util.inspect`.
 *
 * @example
 * const session = new UserSession({ userId: '0f9c…', userEmail: 'alice@example.com' });
 * const act = sender.extractActFromSession(session); // { sub: '0f9c…' }
 */
export class UserSession {
  readonly userId: string;
  readonly userOid: string | undefined;
  // Private fields: personal data stays out of spreads, Object.keys and structured clones.
  readonly #userEmail: string | undefined;
  readonly #userName: string | undefined;

  constructor(init: UserSessionInit) {
    if (typeof init !== 'object' || init === null) {
      throw new TypeError(
        'UserSession: expected an object { userId, userEmail?, userName?, userOid? }',
      );
    }
    if (init.userId === undefined || init.userId === '') {
      throw new TypeError(
        "UserSession: userId is required: pass the IdP's user id (e.g. the ID token's sub); act.sub carries the IAM identifier, never the email (to use the email as the id on purpose, pass it as userId)",
      );
    }
    if (typeof init.userId !== 'string' || init.userId.trim() === '') {
      throw new TypeError('UserSession: userId must be a non-empty string (the IdP user id)');
    }
    this.userId = init.userId;
    this.#userEmail = optionalString(init.userEmail, 'userEmail');
    this.#userName = optionalString(init.userName, 'userName');
    this.userOid = optionalString(init.userOid, 'userOid');
    Object.freeze(this);
  }

  get userEmail(): string | undefined {
    return this.#userEmail;
  }

  get userName(): string | undefined {
    return this.#userName;
  }

  toJSON(): Record<string, string | undefined> {
    return {
      userId: this.userId,
      userEmail: this.#userEmail === undefined ? undefined : REDACTED,
      userName: this.#userName === undefined ? undefined : REDACTED,
      userOid: this.userOid,
    };
  }

  toString(): string {
    return `UserSession(user_id=${this.userId})`;
  }

  [INSPECT](): string {
    return `UserSession ${JSON.stringify(this.toJSON())}`;
  }
}
