import type { Act } from '@dual-auth/core';
import { UserSession } from './user-session.js';

/** A session as a plain record, e.g. ID-token claims or a web framework's session object. */
export type SessionRecord = Readonly<Record<string, unknown>>;

/** What a session yields: the full act and whether `sub` had to fall back to the email. */
export interface SessionAct {
  act: Act;
  idType: 'iam_identifier' | 'email_fallback';
}

// The reference's lookup order for each field of a dict session (behaviour.md §4.2), after the
// UserSession field names, so a UserSession from another copy of this package reads the same.
const EMAIL_KEYS = ['userEmail', 'email', 'user_email', 'userPrincipalName', 'mail'] as const;
const ID_KEYS = ['userId', 'user_id', 'sub', 'oid', 'uid'] as const;
const NAME_KEYS = ['userName', 'name', 'user_name', 'display_name', 'displayName'] as const;
const OID_KEYS = ['userOid', 'oid'] as const;

function first(record: SessionRecord, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
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
 * The human of a session as an act: the IAM id in `sub` (the email only when a record has no id,
 * as the reference does), and `oid` whenever the session has one.
 *
 * @throws TypeError when the session is neither a {@link UserSession} nor a record, or has
 * neither a user id nor an email.
 */
export function actFromSession(session: UserSession | SessionRecord): SessionAct {
  if (session instanceof UserSession) {
    return {
      act: build(session.userId, session.userEmail, session.userName, session.userOid),
      idType: 'iam_identifier',
    };
  }
  if (typeof session !== 'object' || session === null || Array.isArray(session)) {
    throw new TypeError('Session must be UserSession or dictionary');
  }
  const id = first(session, ID_KEYS);
  const email = first(session, EMAIL_KEYS);
  const name = first(session, NAME_KEYS);
  const oid = first(session, OID_KEYS);
  if (id !== undefined) return { act: build(id, email, name, oid), idType: 'iam_identifier' };
  if (email !== undefined) return { act: build(email, email, name, oid), idType: 'email_fallback' };
  throw new TypeError('Session must contain a user id (user_id, sub, oid, uid) or an email');
}
