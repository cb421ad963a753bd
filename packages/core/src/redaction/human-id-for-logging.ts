import { sha256 } from '@noble/hashes/sha2.js';

/** The ids of a human that a log line may name one by: an `Act`, or a verified token's human. */
export interface LoggableHuman {
  readonly sub?: string | undefined;
  readonly oid?: unknown;
}

// 128 bits of SHA-256: short in a log line, and no two humans' digests meet in practice.
const DIGEST_BYTES = 16;

/**
 * The id a log line, span attribute or audit record names a human by (`human_id`,
 * `dual_auth.human.id`): never an email.
 * - the Entra object id (`oid`) when the human carries one: the stable id Microsoft names for
 *   logging, where `sub` is a UPN (an email) or a pairwise value;
 * - else `sub`;
 * - either one, when it has an `@` (a UPN, an Okta login, an email used as the user id, an IdP
 *   mapper that put the email in `oid`): `sha256:` and the hex of the first 16 bytes of its
 *   SHA-256 instead, the same for the same id, so lines still correlate. A digest is not a
 *   secret: one who guesses the email can check the guess, so a digest hides an email from a
 *   reader, not from a search.
 *
 * @returns `undefined` when the human is, or has no `sub` nor `oid`.
 * @example
 * humanIdForLogging({ sub: 'alice@contoso.example', oid: '00000000-0000-0000-0000-00000000a11c' });
 * // '00000000-0000-0000-0000-00000000a11c'
 * humanIdForLogging({ sub: 'alice@example.com' }); // 'sha256:…' (32 hex digits)
 * humanIdForLogging({ sub: 'user-123' }); // 'user-123'
 */
export function humanIdForLogging(human: LoggableHuman | undefined): string | undefined {
  if (human === undefined) return undefined;
  if (typeof human.oid === 'string' && human.oid !== '') return loggableId(human.oid);
  return human.sub === undefined ? undefined : loggableId(human.sub);
}

/**
 * `id` as a log line may hold it: unchanged, or when it has an `@` (an email), `sha256:` and the
 * hex of the first 16 bytes of its SHA-256.
 *
 * @example
 * loggableId('user-123'); // 'user-123'
 * loggableId('alice@example.com'); // 'sha256:…' (32 hex digits)
 */
export function loggableId(id: string): string {
  if (!id.includes('@')) return id;
  // Synchronous: a log line is written at once, and Web Crypto's digest answers a promise.
  const digest = sha256(new TextEncoder().encode(id)).subarray(0, DIGEST_BYTES);
  return `sha256:${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
