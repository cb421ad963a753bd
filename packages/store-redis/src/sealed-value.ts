/**
 * The one description of a sealed token-cache value, `v1.<key id>.<iv>.<ciphertext>` (the last
 * three base64url, RFC 4648 §5, unpadded): `TokenCipher` writes and reads it with
 * {@link joinSealed} and {@link splitSealed}, and `INVALIDATE_HUMAN` reads its head with
 * {@link luaSealedKeyId}, built from the same constants, so the two cannot drift apart.
 */

/** The version tag a sealed value starts with, also authenticated with it (see {@link sealedAad}). */
const VERSION = 'v1';
const SEPARATOR = '.';
/** Most characters of a key id. */
const KEY_ID_MAX_CHARS = 32;
/** Bytes of the AES-GCM iv of a sealed value (NIST SP 800-38D §8.2: 96 bits). */
export const IV_BYTES = 12;
/** Characters of an iv in base64url without padding. */
const IV_CHARS = Math.ceil((IV_BYTES * 4) / 3);
/** Bytes of the longest head, version to the separator after the iv: all the script reads. */
const HEAD_MAX_BYTES = VERSION.length + KEY_ID_MAX_CHARS + IV_CHARS + 3 * SEPARATOR.length;
// base64url's alphabet, that of key ids too, but for its '-': each pattern language escapes it.
const ALPHABET = 'A-Za-z0-9_';
const JS_CLASS = `[${ALPHABET}\\-]`;
const LUA_CLASS = `[${ALPHABET}%-]`;

/** A valid key id: 1 to 32 of `A-Z a-z 0-9 _ -`. */
export const KEY_ID = new RegExp(`^${JS_CLASS}{1,${KEY_ID_MAX_CHARS}}$`);
const HEAD = new RegExp(
  `^${jsLiteral(VERSION + SEPARATOR)}(${JS_CLASS}{1,${KEY_ID_MAX_CHARS}})${jsLiteral(SEPARATOR)}(${JS_CLASS}{${IV_CHARS}})${jsLiteral(SEPARATOR)}`,
);
const BODY = new RegExp(`^${JS_CLASS}+$`);

/** The parts of a sealed value, as {@link splitSealed} finds them. */
export interface SealedParts {
  /** The id of the key that sealed it. */
  readonly keyId: string;
  /** The AES-GCM iv, {@link IV_BYTES} bytes. */
  readonly iv: Uint8Array<ArrayBuffer>;
  /** The ciphertext and tag; undefined when that part is empty or not base64url. */
  readonly ciphertext: Uint8Array<ArrayBuffer> | undefined;
}

/** A sealed value of `ciphertext`, sealed under the key `keyId` with `iv`. */
export function joinSealed(keyId: string, iv: Uint8Array, ciphertext: ArrayBuffer): string {
  const parts = [VERSION, keyId, base64url(iv), base64url(new Uint8Array(ciphertext))];
  return parts.join(SEPARATOR);
}

/**
 * The parts of `value`, or undefined when its head (version, key id, iv) is not a sealed
 * value's. A head that reads is all `INVALIDATE_HUMAN` looks at: the key id names the key that
 * sealed it whatever follows, so a value with a bad ciphertext still has a key id (and
 * `ciphertext` undefined).
 */
export function splitSealed(value: string): SealedParts | undefined {
  const head = HEAD.exec(value);
  if (head === null) return undefined;
  const [whole, keyId, iv] = head as unknown as [string, string, string];
  const body = value.slice(whole.length);
  return {
    keyId,
    iv: fromBase64url(iv),
    ciphertext: BODY.test(body) ? fromBase64url(body) : undefined,
  };
}

/** What a value sealed under `keyId` for the Redis key `redisKey` is authenticated with. */
export function sealedAad(keyId: string, redisKey: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode([VERSION, keyId, redisKey].join(SEPARATOR));
}

/**
 * Lua that defines `sealedKeyId(key)`: the key id and iv of the sealed value at `key`, read from
 * its head alone (a value of any size is read no further), or nil when the head is not a sealed
 * value's (or `key` holds no string): what {@link splitSealed} reads, in the same bounds.
 */
export function luaSealedKeyId(): string {
  const sep = luaLiteral(SEPARATOR);
  const pattern = `^${luaLiteral(VERSION)}${sep}(${LUA_CLASS}+)${sep}(${LUA_CLASS}+)${sep}`;
  return `local function sealedKeyId(key)
  local head = redis.pcall('GETRANGE', key, 0, ${HEAD_MAX_BYTES - 1})
  if type(head) ~= 'string' then return nil end
  local id, iv = string.match(head, '${pattern}')
  if id == nil or #id > ${KEY_ID_MAX_CHARS} or #iv ~= ${IV_CHARS} then return nil end
  return id, iv
end`;
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

function jsLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

function luaLiteral(text: string): string {
  return text.replace(/[%^$().[\]*+?-]/g, '%$&');
}
