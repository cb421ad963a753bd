import {
  createDualSubjectToken,
  type DualSubjectToken,
  type RandomBytes,
  shownScopeOf,
} from '@dual-auth/core';
import { IV_BYTES, joinSealed, KEY_ID, sealedAad, splitSealed } from './sealed-value.js';

/** A key that encrypts cached tokens, named so that values say which key sealed them. */
export interface EncryptionKey {
  /** Written into every value it seals: 1 to 32 of `A-Z a-z 0-9 _ -`, unique in the list. */
  readonly id: string;
  /**
   * The AES key: 16, 24 or 32 bytes (AES-128, -192, -256), the base64 or base64url text of
   * those bytes (e.g. `openssl rand -base64 32`), or a Web Crypto `AES-GCM` key allowed to
   * `encrypt` and `decrypt`.
   */
  readonly key: Uint8Array | string | CryptoKey;
}

/** What {@link TokenCipher.open} found. */
export type OpenedValue =
  | {
      readonly token: DualSubjectToken;
      /** The `TokenCacheKey.adapterId` it was stored under; absent in values of older versions. */
      readonly adapterId?: string;
    }
  | { readonly problem: 'unknown_key'; readonly keyId: string }
  | { readonly problem: 'unreadable' };

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const AES_KEY_BYTES = new Set([16, 24, 32]);

interface StoredToken {
  accessToken: string;
  tokenType: string;
  expiresIn: number;
  expiresAt: number;
  /**
   * The token's `issuedAt` (the start of the request that got it, for a token of the session's
   * cache), which a delegation cut-off is judged by. Absent in values of versions before it, which
   * also read past it: a version without it judges the token by `expiresAt - expiresIn × 1000`, as
   * it always did (for a token capped by its act assertion, nearly a lifetime early: refused after
   * a cut-off and asked for again, never served wrongly).
   */
  issuedAt?: number;
  scope: string;
  /**
   * The scope as the token's string forms showed it (emails and the human blanked), when that
   * differs from `scope`: the token read back shows it the same. Absent in values of versions
   * before it (their tokens show `scope` with emails blanked only); a version before it ignores it.
   */
  shownScope?: string;
  actAssertion?: string;
  /**
   * Who the token was asked for (its `humanId`, `agentId`), which `@dual-auth/client` checks a
   * call's identity against. Absent in values of versions before it (and for a token that
   * records no one): read back recording no one, as those versions read it.
   */
  humanId?: string;
  agentId?: string;
  adapterId?: string;
}

/**
 * Who `token` was asked for, as a stored value keeps it: the ids `createDualSubjectToken` takes
 * (non-empty strings), so the token read back is made again; a user's own token's other values
 * are left out (it then records no one, as it would have to the client).
 */
function askedFor(token: DualSubjectToken): Pick<StoredToken, 'humanId' | 'agentId'> {
  const { humanId, agentId } = token;
  return {
    ...(typeof humanId === 'string' && humanId !== '' ? { humanId } : {}),
    ...(typeof agentId === 'string' && agentId !== '' ? { agentId } : {}),
  };
}

/**
 * Seals tokens with AES-GCM (Web Crypto) before they reach Redis, and opens them after: a value
 * is `v1.<key id>.<iv>.<ciphertext>` (base64url, see `sealed-value.ts`), and its Redis key is authenticated with it, so
 * a value copied under another key (another human's) does not open. The first key seals; any
 * listed key opens, so keys rotate by putting a new one first and dropping the old one once the
 * tokens it sealed have expired.
 */
export class TokenCipher {
  readonly #sealing: string;
  readonly #ids: readonly string[];
  readonly #keys: Promise<Map<string, CryptoKey>>;
  readonly #random: RandomBytes;

  /** @throws TypeError on an empty list, a bad id, a repeated id or a key of the wrong size. */
  constructor(keys: readonly EncryptionKey[], random: RandomBytes, owner: string) {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new TypeError(`${owner}: encryptionKeys must list at least one { id, key }`);
    }
    const ids = new Set<string>();
    const material = keys.map((entry: EncryptionKey, i) => {
      const id = (entry as Partial<EncryptionKey> | null)?.id;
      if (typeof id !== 'string' || !KEY_ID.test(id)) {
        throw new TypeError(`${owner}: encryptionKeys[${i}].id must be 1-32 of A-Z a-z 0-9 _ -`);
      }
      if (ids.has(id)) throw new TypeError(`${owner}: encryptionKeys id "${id}" is listed twice`);
      ids.add(id);
      return { id, key: checkKey(entry.key, `${owner}: encryptionKeys[${i}].key`) };
    });
    this.#sealing = material[0]?.id as string;
    this.#ids = [...ids];
    this.#random = random;
    this.#keys = importKeys(material);
    // Surfaced on first use, like every other store failure; not as an unhandled rejection now.
    this.#keys.catch(() => undefined);
  }

  /** The ids of the keys, the sealing one first. */
  get keyIds(): readonly string[] {
    return [...this.#ids];
  }

  /** `token` of the adapter `adapterId` sealed for the Redis key `redisKey`. */
  async seal(token: DualSubjectToken, redisKey: string, adapterId: string): Promise<string> {
    const keys = await this.#keys;
    const iv = this.#random(IV_BYTES);
    const shown = shownScopeOf(token);
    const stored: StoredToken = {
      accessToken: token.accessToken,
      tokenType: token.tokenType,
      expiresIn: token.expiresIn,
      expiresAt: token.expiresAt,
      ...(token.issuedAt === undefined ? {} : { issuedAt: token.issuedAt }),
      scope: token.scope,
      // The scope as the token shows it (the human blanked), so the token read back shows it so.
      ...(shown === undefined || shown === token.scope ? {} : { shownScope: shown }),
      ...(token.actAssertion === undefined ? {} : { actAssertion: token.actAssertion }),
      ...askedFor(token),
      adapterId,
    };
    const sealed = await crypto.subtle.encrypt(
      {
        name: 'AES-GCM',
        iv: iv as Uint8Array<ArrayBuffer>,
        additionalData: sealedAad(this.#sealing, redisKey),
      },
      keys.get(this.#sealing) as CryptoKey,
      new TextEncoder().encode(JSON.stringify(stored)),
    );
    return joinSealed(this.#sealing, iv, sealed);
  }

  /** The token in `value`, read from the Redis key `redisKey`, or why it cannot be had. */
  async open(value: string, redisKey: string): Promise<OpenedValue> {
    // A head that does not read (another program's value, any text or length) names no key.
    const parts = splitSealed(value);
    if (parts === undefined) return { problem: 'unreadable' };
    const { keyId, iv, ciphertext } = parts;
    const key = (await this.#keys).get(keyId);
    // As INVALIDATE_HUMAN reads it: the head names the key, whatever follows it.
    if (key === undefined) return { problem: 'unknown_key', keyId };
    if (ciphertext === undefined) return { problem: 'unreadable' };
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: sealedAad(keyId, redisKey) },
        key,
        ciphertext,
      );
    } catch {
      return { problem: 'unreadable' };
    }
    return readToken(new TextDecoder().decode(plain)) ?? { problem: 'unreadable' };
  }
}

function checkKey(key: unknown, name: string): Uint8Array | CryptoKey {
  if (typeof CryptoKey !== 'undefined' && key instanceof CryptoKey) {
    const usable =
      key.algorithm.name === 'AES-GCM' &&
      key.usages.includes('encrypt') &&
      key.usages.includes('decrypt');
    if (!usable)
      throw new TypeError(`${name} must be an AES-GCM key usable to encrypt and decrypt`);
    return key;
  }
  let bytes: Uint8Array | undefined;
  if (key instanceof Uint8Array) bytes = new Uint8Array(key);
  else if (typeof key === 'string' && BASE64.test(key)) bytes = Buffer.from(key, 'base64');
  if (bytes === undefined || !AES_KEY_BYTES.has(bytes.length)) {
    throw new TypeError(
      `${name} must be 16, 24 or 32 bytes, as a Uint8Array or base64 text (openssl rand -base64 32), or an AES-GCM CryptoKey`,
    );
  }
  return bytes;
}

async function importKeys(
  material: readonly { id: string; key: Uint8Array | CryptoKey }[],
): Promise<Map<string, CryptoKey>> {
  const keys = new Map<string, CryptoKey>();
  for (const { id, key } of material) {
    const imported =
      key instanceof Uint8Array
        ? await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, 'AES-GCM', false, [
            'encrypt',
            'decrypt',
          ])
        : key;
    keys.set(id, imported);
  }
  return keys;
}

function readToken(text: string): OpenedValue | undefined {
  let stored: Partial<StoredToken>;
  try {
    stored = JSON.parse(text) as Partial<StoredToken>;
  } catch {
    return undefined;
  }
  const {
    accessToken,
    tokenType,
    expiresIn,
    expiresAt,
    issuedAt,
    scope,
    shownScope,
    actAssertion,
    humanId,
    agentId,
    adapterId,
  } = stored;
  if (
    typeof accessToken !== 'string' ||
    typeof tokenType !== 'string' ||
    typeof expiresIn !== 'number' ||
    typeof expiresAt !== 'number' ||
    (issuedAt !== undefined && (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt))) ||
    typeof scope !== 'string' ||
    (shownScope !== undefined && typeof shownScope !== 'string') ||
    (actAssertion !== undefined && typeof actAssertion !== 'string') ||
    (humanId !== undefined && typeof humanId !== 'string') ||
    (agentId !== undefined && typeof agentId !== 'string') ||
    (adapterId !== undefined && typeof adapterId !== 'string')
  ) {
    return undefined;
  }
  // notAfter gives back the stored expiresAt exactly, whatever capped it; a value without
  // issuedAt (an earlier version's) is read as that version read it.
  const token = createDualSubjectToken({
    accessToken,
    tokenType,
    expiresIn,
    scope,
    shownScope,
    actAssertion,
    humanId,
    agentId,
    issuedAt: issuedAt ?? expiresAt - expiresIn * 1000,
    notAfter: expiresAt,
  });
  return adapterId === undefined ? { token } : { token, adapterId };
}
