import type { Act, Logger } from '@dual-auth/core';
import { UserSession } from './user-session.js';
import { valueType } from './value-type.js';

/** A session as a plain record, e.g. ID-token claims or a web framework's session object. */
export type SessionRecord = Readonly<Record<string, unknown>>;

// Where a record session keeps each field: UserSession's names first, so a UserSession from another
// copy of this package reads the same, then the reference's lookup order (docs: session README).
const EMAIL_KEYS = ['userEmail', 'email', 'user_email', 'userPrincipalName', 'mail'] as const;
const ID_KEYS = ['userId', 'user_id', 'sub', 'oid', 'uid'] as const;
const NAME_KEYS = ['userName', 'name', 'user_name', 'display_name', 'displayName'] as const;
const OID_KEYS = ['userOid', 'oid'] as const;

/** Thrown for a record session without a user id; UserSession's constructor words it for `userId`. */
const MISSING_USER_ID =
  "Session has no user id: pass the IdP's user id (e.g. the ID token's sub) as user_id, sub, oid or uid; act.sub carries the IAM identifier, never the email (to use the email as the id on purpose, pass it as user_id)";

// A field of the session itself or of its class (a getter of an app's session class, or of a
// UserSession from another copy), never one only Object.prototype holds: a prototype-pollution bug
// that set `userId` there would make every session without one that human.
function fieldOf(record: SessionRecord, key: string): unknown {
  for (let at: object | null = record; at !== null && at !== Object.prototype; ) {
    if (Object.hasOwn(at, key)) return record[key];
    at = Object.getPrototypeOf(at) as object | null;
  }
  return undefined;
}

function first(record: SessionRecord, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = fieldOf(record, key);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/**
 * The user id of a record: the first of {@link ID_KEYS} it holds. A field that is null, undefined
 * or empty is absent; one of another type is refused by name, with its type. Two user ids that
 * differ are refused: which human the session is must not depend on field order. `oid` (Entra's
 * object id, beside a pairwise `sub` by design) is not compared.
 */
function userIdOf(record: SessionRecord, logger: Logger): string {
  let id: string | undefined;
  let named: string | undefined;
  for (const key of ID_KEYS) {
    const value = fieldOf(record, key);
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') {
      const type = valueType(value);
      logger.warn('session_user_id_not_string', { field: key, value_type: type });
      throw new TypeError(`Session ${key} must be a string, got ${type}`);
    }
    id ??= value;
    if (key === 'oid') continue;
    if (named === undefined) named = key;
    else if (value !== fieldOf(record, named)) {
      logger.warn('session_user_ids_differ', { fields: [named, key] });
      throw new TypeError(`Session names two different user ids (${named} and ${key}): keep one`);
    }
  }
  if (id === undefined) {
    logger.warn('session_missing_user_id', {
      has_email: first(record, EMAIL_KEYS) !== undefined,
    });
    throw new TypeError(MISSING_USER_ID);
  }
  return id;
}

function build(sub: string, email?: string, name?: string, oid?: string): Act {
  return {
    sub,
    ...(email === undefined ? {} : { email }),
    ...(name === undefined ? {} : { name }),
    ...(oid === undefined ? {} : { oid }),
  };
}

/**
 * The human of a session as an act: the IAM id in `sub`, `oid` whenever the session has one,
 * email and name as found. One rule for both forms: a user id is required — a record without one
 * is refused like a `UserSession` without `userId` (the reference fell back to the email for
 * records; an email in `act.sub` travels in every token and log).
 *
 * @throws TypeError when the session is neither a {@link UserSession} nor a record, or has no
 * user id; when a record's user id field is not a string (named, with its type), or it holds two
 * user ids that differ (`{ userId: 'alice', sub: 'bob' }`: both fields named, never their
 * values). Each refusal of a record's user id is logged first, as `session_missing_user_id`
 * (`has_email`), `session_user_id_not_string` (`field`, `value_type`) or `session_user_ids_differ`
 * (`fields`), never a value (docs/logging.md).
 */
export function actFromSession(session: UserSession | SessionRecord, logger: Logger): Act {
  if (session instanceof UserSession) {
    return build(session.userId, session.userEmail, session.userName, session.userOid);
  }
  if (typeof session !== 'object' || session === null || Array.isArray(session)) {
    throw new TypeError('Session must be UserSession or dictionary');
  }
  return build(
    userIdOf(session, logger),
    first(session, EMAIL_KEYS),
    first(session, NAME_KEYS),
    first(session, OID_KEYS),
  );
}
