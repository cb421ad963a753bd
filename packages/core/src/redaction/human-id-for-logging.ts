import { nodeBuiltin } from '../jwt/node-builtin.js';
import { utf8Encoder } from '../jwt/utf8.js';
import { readsAsEmail } from './reads-as-email.js';

/** The ids of a human that a log line may name one by: an `Act`, or a verified token's human. */
export interface LoggableHuman {
  readonly sub?: string | undefined;
  readonly oid?: unknown;
}

/** The part of `node:crypto` the synchronous digest uses. */
interface NodeHashing {
  createHash(algorithm: 'sha256'): { update(data: string): { digest(encoding: 'hex'): string } };
}

// 128 bits of SHA-256: short in a log line, and no two humans' digests meet in practice.
const DIGEST_HEX_DIGITS = 32;

/**
 * What a log line, span attribute or audit record writes for an email-shaped id whose digest
 * could not be computed synchronously (a runtime other than Node, and a human no async step
 * prepared with {@link prepareHumanIdForLogging}): never the email itself.
 */
export const UNDIGESTED_HUMAN_ID = 'sha256:unavailable';

// The digest of an email-shaped id that Web Crypto computed, with the id it is of, keyed by the
// object that holds the ids: it lives as long as that object and no longer, and no map is ever
// looked up by an email.
const prepared = new WeakMap<object, { readonly id: string; readonly digest: string }>();

function idOf(human: LoggableHuman): string | undefined {
  return typeof human.oid === 'string' && human.oid !== '' ? human.oid : human.sub;
}

function nodeHashing(): NodeHashing | undefined {
  return nodeBuiltin<NodeHashing>('node:crypto');
}

/**
 * The id a log line, span attribute or audit record names a human by (`human_id`,
 * `dual_auth.human.id`): never an email.
 * - the Entra object id (`oid`) when the human carries one: the stable id Microsoft names for
 *   logging, where `sub` is a UPN (an email) or a pairwise value;
 * - else `sub`;
 * - either one, when it reads as an email ({@link readsAsEmail}: an `@`, also `%40` or `＠`; a UPN, an Okta login, an email used as the user id, an IdP
 *   mapper that put the email in `oid`): `sha256:` and the hex of the first 16 bytes of its
 *   SHA-256 instead, the same for the same id, so lines still correlate. A digest is not a
 *   secret: one who guesses the email can check the guess, so a digest hides an email from a
 *   reader, not from a search.
 *
 * Synchronous: on Node the digest comes from `node:crypto` at once; on other runtimes from the
 * digest {@link prepareHumanIdForLogging} left on this same object, else
 * {@link UNDIGESTED_HUMAN_ID}.
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
  const id = idOf(human);
  if (id === undefined || !readsAsEmail(id)) return id;
  const carried = prepared.get(human);
  return carried?.id === id ? carried.digest : loggableId(id);
}

/**
 * `id` as a log line may hold it: unchanged, or when it reads as an email ({@link readsAsEmail}), `sha256:` and the
 * hex of the first 16 bytes of its SHA-256 (on Node; {@link UNDIGESTED_HUMAN_ID} elsewhere, where
 * only Web Crypto's asynchronous digest exists).
 *
 * @example
 * loggableId('user-123'); // 'user-123'
 * loggableId('alice@example.com'); // 'sha256:…' (32 hex digits)
 */
export function loggableId(id: string): string {
  if (!readsAsEmail(id)) return id;
  const hex = nodeHashing()?.createHash('sha256').update(id).digest('hex');
  return hex === undefined ? UNDIGESTED_HUMAN_ID : `sha256:${hex.slice(0, DIGEST_HEX_DIGITS)}`;
}

/**
 * Computes, with Web Crypto's SHA-256, the digest {@link humanIdForLogging} writes for `human`
 * and keeps it with that object (for as long as the object lives), so that synchronous log
 * lines about the same object name the human by it on runtimes without `node:crypto`. Call it
 * where a human enters an async flow (a verified token, a token request).
 *
 * @returns `undefined` when there is nothing to compute (no email-shaped id, Node, or already
 *   prepared), else a promise that settles when the digest is kept. It never rejects: a digest
 *   that fails leaves {@link UNDIGESTED_HUMAN_ID} in the lines.
 * @example
 * const act = { sub: 'alice@example.com' };
 * await prepareHumanIdForLogging(act);
 * humanIdForLogging(act); // 'sha256:…' on every runtime
 */
export function prepareHumanIdForLogging(
  human: LoggableHuman | undefined,
): Promise<void> | undefined {
  if (human === undefined) return undefined;
  const id = idOf(human);
  if (id === undefined || !readsAsEmail(id) || prepared.get(human)?.id === id) return undefined;
  if (nodeHashing() !== undefined) return undefined;
  return crypto.subtle.digest('SHA-256', utf8Encoder.encode(id)).then(
    (digest) => {
      const bytes = new Uint8Array(digest, 0, DIGEST_HEX_DIGITS / 2);
      const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
      prepared.set(human, { id, digest: `sha256:${hex}` });
    },
    () => undefined,
  );
}
