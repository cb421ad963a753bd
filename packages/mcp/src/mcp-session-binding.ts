import {
  ConfigurationError,
  checkOption,
  type KnownOptions,
  REDACTED,
  refuseUnknownOptions,
  requireValue,
} from '@dual-auth/core';
import type { DualSubject } from '@dual-auth/resource';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { EventStore } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { verifiedRequest } from './dual-subject-auth-info.js';
import { sessionScopedEventStore } from './session-event-store.js';

/**
 * Where a {@link McpSessionBinding} keeps who opened each MCP session: the session id and its
 * owner, a keyed digest of the agent and human (never an id, email or name as such): the 8 hex
 * characters naming the binding's `ownerDigestKey`, a dot, and the hex HMAC-SHA-256 of the pair
 * under that key (73 characters), opaque to the store. The default,
 * {@link InMemoryMcpSessionOwners}, holds them in this process; several server processes that serve
 * one session (no sticky routing) share one store, e.g. in Redis, built on this interface, and
 * one `ownerDigestKey`.
 */
export interface McpSessionOwnerStore {
  /**
   * Keeps `owner` for the new session `sessionId`. Resolves `false`, keeping nothing, when the
   * store holds as many sessions as it may: the session is then refused.
   */
  open(sessionId: string, owner: string): Promise<boolean>;
  /**
   * The owner kept for `sessionId`; `undefined` when none is (never opened, or forgotten; `null`,
   * what a Redis `GET` answers, is read so too). A session without an owner is answered 404 for
   * every pair: keep an owner for as long
   * as its session's transport lives (no expiry, no eviction, e.g. not on an `allkeys-*` Redis),
   * or that session ends for its own pair too.
   */
  ownerOf(sessionId: string): Promise<string | undefined>;
  /** Forgets `sessionId` (ended by DELETE, or its transport closed). Resolves once it is gone. */
  forget(sessionId: string): Promise<void>;
  /**
   * Optional: whether {@link McpSessionOwnerStore.open} would refuse now. Asked before a request
   * without `mcp-session-id` reaches the transport, so that a full store is answered with a clear
   * 503 instead of the MCP SDK's answer to a failed `onsessioninitialized`.
   */
  isFull?(): Promise<boolean>;
  /**
   * Optional: whether {@link McpSessionOwnerStore.open} would refuse one more session of `owner`
   * now (its own cap reached), so that one agent and human cannot take every place. Asked as
   * `isFull`; a pair at its cap is answered 429.
   */
  isFullFor?(owner: string): Promise<boolean>;
}

/** Options of {@link InMemoryMcpSessionOwners}. */
export interface InMemoryMcpSessionOwnersOptions {
  /** The most sessions kept at once; a session opened beyond it is refused. Default 10 000. */
  maxSessions?: number;
  /**
   * The most sessions kept at once for one owner (one agent for one human); one more of theirs
   * is refused, so that one pair opening sessions without ending them cannot take every place of
   * `maxSessions`. Default 100.
   */
  maxSessionsPerOwner?: number;
}

const DEFAULT_MAX_SESSIONS = 10_000;
const DEFAULT_MAX_SESSIONS_PER_OWNER = 100;

const IN_MEMORY_OPTIONS = {
  maxSessions: true,
  maxSessionsPerOwner: true,
} as const satisfies KnownOptions<InMemoryMcpSessionOwnersOptions>;

// The stores built by InMemoryMcpSessionOwners: their owners die with this process, so a binding
// keeping its owners there needs no key shared with other processes.
const inMemoryStores = new WeakSet<object>();

/**
 * The owners of this process's MCP sessions, in memory: at most `maxSessions` (default 10 000),
 * at most `maxSessionsPerOwner` (default 100) of one agent for one human, each kept until it is forgotten (DELETE, its transport closed). A server run as several
 * processes needs sticky routing (each session served by the process that opened it), or a
 * shared {@link McpSessionOwnerStore}. A {@link McpSessionBinding} over it needs no
 * `ownerDigestKey`: it digests the owners with a random key of its own.
 *
 * @throws TypeError at creation when `maxSessions` or `maxSessionsPerOwner` is not a whole
 * number of at least 1.
 */
export class InMemoryMcpSessionOwners implements McpSessionOwnerStore {
  readonly #owners = new Map<string, string>();
  // How many sessions each owner has kept.
  readonly #counts = new Map<string, number>();
  readonly #max: number;
  readonly #maxPerOwner: number;

  constructor(options: InMemoryMcpSessionOwnersOptions = {}) {
    requireValue(options, 'options', 'object');
    refuseUnknownOptions(options, IN_MEMORY_OPTIONS, 'InMemoryMcpSessionOwners');
    this.#max = checkOption(options, 'maxSessions', 'positiveInteger') ?? DEFAULT_MAX_SESSIONS;
    this.#maxPerOwner =
      checkOption(options, 'maxSessionsPerOwner', 'positiveInteger') ??
      DEFAULT_MAX_SESSIONS_PER_OWNER;
    inMemoryStores.add(this);
  }

  /** How many sessions are kept now. */
  get size(): number {
    return this.#owners.size;
  }

  async open(sessionId: string, owner: string): Promise<boolean> {
    const kept = this.#owners.get(sessionId);
    // A session kept is never given to another owner (a session id generator that repeats).
    if (kept !== undefined) return kept === owner;
    const count = this.#counts.get(owner) ?? 0;
    if (this.#owners.size >= this.#max || count >= this.#maxPerOwner) return false;
    this.#owners.set(sessionId, owner);
    this.#counts.set(owner, count + 1);
    return true;
  }

  async ownerOf(sessionId: string): Promise<string | undefined> {
    return this.#owners.get(sessionId);
  }

  async forget(sessionId: string): Promise<void> {
    const owner = this.#owners.get(sessionId);
    if (owner === undefined) return;
    this.#owners.delete(sessionId);
    const count = (this.#counts.get(owner) ?? 1) - 1;
    if (count === 0) this.#counts.delete(owner);
    else this.#counts.set(owner, count);
  }

  async isFull(): Promise<boolean> {
    return this.#owners.size >= this.#max;
  }

  async isFullFor(owner: string): Promise<boolean> {
    return (this.#counts.get(owner) ?? 0) >= this.#maxPerOwner;
  }
}

/**
 * A key of {@link McpSessionBindingOptions.ownerDigestKey}: at least 32 random bytes, or a Web
 * Crypto HMAC key.
 */
export type McpOwnerDigestKey = Uint8Array | CryptoKey;

/** Options of {@link McpSessionBinding}. */
export interface McpSessionBindingOptions {
  /**
   * Where the owners are kept. Default: a new {@link InMemoryMcpSessionOwners} with
   * `maxSessions`. A store of your own (shared by several processes) needs `ownerDigestKey`.
   */
  store?: McpSessionOwnerStore;
  /**
   * The HMAC-SHA-256 key (RFC 2104) the owners are digested with, so that whoever reads the store
   * can neither link one pair's sessions by recomputing the digest nor confirm a guessed human id
   * or email. Required with a `store` of your own (not an {@link InMemoryMcpSessionOwners}), and
   * the same for every process sharing that store: at least 32 random bytes, made once with
   * `openssl rand -base64 32`, kept in your secret store and decoded to their bytes (a
   * `Uint8Array`, e.g. `Buffer.from(value, 'base64')`), or a Web Crypto `HMAC` key with hash
   * `SHA-256`, at least 256 bits, allowed to `sign`. Bytes are copied at creation, imported as a
   * non-extractable key and zeroed; the key is never logged, and shows as `***REDACTED***` in
   * the binding's `String`, `JSON` and `util.inspect`. Without a `store`, or with an
   * {@link InMemoryMcpSessionOwners}, a random key is made at creation (the owners die with the
   * process): give none.
   *
   * Rotation: a list of at most 3 keys, the first digesting new sessions' owners, each verifying
   * the owners it digested (each owner names its key). A session whose owner was digested under
   * a key no longer listed is unknown: answered 404 `Session not found`, and the client opens a
   * new session. To rotate without that, give every process `[old, new]`, then `[new, old]`, and
   * drop `old` once the sessions opened under it have ended.
   *
   * @throws ConfigurationError (`variable` `options.ownerDigestKey`) at creation when it is
   * missing with a store of your own, or is not such a key: fewer than 32 bytes, bytes that are
   * one value repeated or text (a password, or base64 or hex not decoded), a string, a CryptoKey
   * of another algorithm, hash, size or use, an empty list or one of more than 3.
   */
  ownerDigestKey?: McpOwnerDigestKey | readonly McpOwnerDigestKey[];
  /** With the default store: the most sessions open at once. Default 10 000. */
  maxSessions?: number;
  /**
   * With the default store: the most sessions open at once of one agent for one human (a request
   * to open one more is refused 429). Default 100.
   */
  maxSessionsPerOwner?: number;
}

const BINDING_OPTIONS = {
  store: true,
  ownerDigestKey: true,
  maxSessions: true,
  maxSessionsPerOwner: true,
} as const satisfies KnownOptions<McpSessionBindingOptions>;

/** The session callbacks of the MCP SDK's server transports' options. */
export interface McpSessionCallbacks {
  onsessioninitialized?: ((sessionId: string) => void | Promise<void>) | undefined;
  onsessionclosed?: ((sessionId: string) => void | Promise<void>) | undefined;
  /** The transport's store of events for resumability (`Last-Event-ID`), if any. */
  eventStore?: EventStore | undefined;
}

/**
 * Thrown by the `onsessioninitialized` of {@link McpSessionBinding.transportOptions} when the
 * store refused the session ({@link McpSessionOwnerStore.open} resolved `false`): the MCP SDK's
 * transport then refuses the initialize request. Its message says which cap: the store's (close
 * sessions, DELETE or `transport.close()`, or raise `maxSessions`) or, when the store says it is
 * not full, the agent and human's own (they end one, DELETE, before opening another).
 */
export class McpSessionLimitError extends Error {
  /** @param cap - Whose cap was reached: the whole store's (default) or one owner's. */
  constructor(cap: 'store' | 'owner' = 'store') {
    super(
      cap === 'owner'
        ? 'No more MCP sessions can be opened: this agent and human have as many open as they may (maxSessionsPerOwner); end one (DELETE) before opening another'
        : 'No more MCP sessions can be opened: every place of the session store is taken; close sessions (DELETE, transport.close()) or raise maxSessions',
    );
    this.name = 'McpSessionLimitError';
  }
}

/** A key owners are digested with, and the id an owner digested with it starts with. */
interface OwnerKey {
  id: string;
  key: CryptoKey;
}

/** What a binding holds, kept out of its public shape: only this package's guards ask it. */
interface BindingState {
  store: McpSessionOwnerStore;
  /** The first digests new owners; each verifies the owners that name it. */
  keys: Promise<readonly OwnerKey[]>;
}

const bindings = new WeakMap<McpSessionBinding, BindingState>();
// The `authInfo` of requests whose session the store refused to open, and how they are answered.
const refusedOpens = new WeakMap<AuthInfo, SessionRefusal>();

/**
 * Binds each stateful MCP session (`mcp-session-id`) to the agent and the human that opened it, as
 * the MCP security best practices require ("Session Hijacking": bind session ids to user-specific
 * information; a session is no authentication). Give it to `requireDualAuth` or
 * `dualAuthMcpHandler` as `sessions`, and build each session's transport with
 * {@link McpSessionBinding.transportOptions}: a later request with that `mcp-session-id` whose
 * token names another agent or another human (or another issuer) is refused 403, whatever its
 * method (a POST, the server-sent stream of a GET, its resumption with `Last-Event-ID`, a DELETE),
 * before it reaches the transport. A session id the store holds no owner for (never opened,
 * ended, or lost by a shared store while its transport lives) is answered 404 `Session not found`
 * for every pair, as the MCP SDK answers an unknown session. The owner is kept as an
 * HMAC-SHA-256 of the pair (vendor, issuer, agent id, human `sub` and `oid`) under
 * `ownerDigestKey` (a random key of its own with the default store), never as an id, email or
 * name, nor as a digest anyone reading the store could recompute. Prints as
 * `McpSessionBinding { ownerDigestKey: '***REDACTED***' }` in `String`, `JSON` and `util.inspect`.
 *
 * Memory is bounded: a session ended by DELETE is forgotten (the wrapped `onsessionclosed`); a
 * transport closed otherwise is forgotten with {@link McpSessionBinding.forget} (call it in the
 * transport's `onclose`); at most `maxSessions` (default 10 000) are kept, and a request to open
 * one more is refused 503 (JSON-RPC error, `Retry-After: 5`); at most `maxSessionsPerOwner`
 * (default 100) of one agent for one human, so that one pair cannot take every place: its request
 * to open one more is refused 429 (JSON-RPC error) until it ends one. Several server processes serving
 * one session need sticky routing or a shared {@link McpSessionOwnerStore} (`store`).
 *
 * @throws TypeError at creation on an option that is not one, a `store` without `open`,
 * `ownerOf` and `forget`, or a `maxSessions` or `maxSessionsPerOwner` given with a `store`.
 * @throws ConfigurationError at creation when `ownerDigestKey` is missing with a store of your
 * own, or is no key (see {@link McpSessionBindingOptions.ownerDigestKey}).
 * @example
 * const sessions = new McpSessionBinding({ maxSessions: 1_000 });
 * // Several processes, one store: new McpSessionBinding({ store, ownerDigestKey: Buffer.from(process.env.MCP_OWNER_DIGEST_KEY, 'base64') })
 * app.all('/mcp', requireDualAuth({ guard, resourceServerUrl, sessions }), express.json(), async (req, res) => {
 *   … an existing session's transport: transport.handleRequest(req, res, req.body) …
 *   const transport = new StreamableHTTPServerTransport(
 *     sessions.transportOptions(req.auth, { sessionIdGenerator: () => crypto.randomUUID() }),
 *   );
 *   transport.onclose = () => void sessions.forget(transport.sessionId);
 * });
 */
export class McpSessionBinding {
  constructor(options: McpSessionBindingOptions = {}) {
    // util.inspect's hook, set here: a computed method would keep the class in every bundle.
    Object.defineProperty(this, Symbol.for('nodejs.util.inspect.custom'), {
      value: () => this.toString(),
    });
    requireValue(options, 'options', 'object');
    refuseUnknownOptions(options, BINDING_OPTIONS, 'McpSessionBinding');
    const store = checkOption<McpSessionOwnerStore>(options, 'store', 'object');
    // Own properties only: a polluted Object.prototype sets no option.
    const maxSessions = checkOption(options, 'maxSessions', 'positiveInteger');
    const maxSessionsPerOwner = checkOption(options, 'maxSessionsPerOwner', 'positiveInteger');
    const given = Object.hasOwn(options, 'ownerDigestKey') ? options.ownerDigestKey : undefined;
    if (store === undefined) {
      bindings.set(this, {
        store: new InMemoryMcpSessionOwners({
          ...(maxSessions === undefined ? {} : { maxSessions }),
          ...(maxSessionsPerOwner === undefined ? {} : { maxSessionsPerOwner }),
        }),
        keys: ownerKeys(given, false),
      });
      return;
    }
    for (const [name, value] of [
      ['maxSessions', maxSessions],
      ['maxSessionsPerOwner', maxSessionsPerOwner],
    ] as const) {
      if (value !== undefined) {
        throw new TypeError(
          `options.${name} is for the default store: give the cap to your store (options.store) instead`,
        );
      }
    }
    for (const method of ['open', 'ownerOf', 'forget'] as const) {
      requireValue(store[method], `options.store.${method}`, 'function');
    }
    bindings.set(this, { store, keys: ownerKeys(given, !inMemoryStores.has(store)) });
  }

  /** `{ ownerDigestKey: '***REDACTED***' }`: the key never shows. */
  toJSON(): Record<string, unknown> {
    return { ownerDigestKey: REDACTED };
  }

  /** `McpSessionBinding { ownerDigestKey: '***REDACTED***' }` (also in `util.inspect`). */
  toString(): string {
    return `McpSessionBinding { ownerDigestKey: '${REDACTED}' }`;
  }

  /**
   * The options of the MCP SDK's `StreamableHTTPServerTransport` or
   * `WebStandardStreamableHTTPServerTransport` for a session opened by the request of `authInfo`:
   * `options` as given, with an `onsessioninitialized` that first keeps the session's owner (the
   * request's agent and human), and an `onsessionclosed` (DELETE) that first forgets it; an
   * `eventStore` is seen through this session only: the ids of its streams and events are kept
   * and given out with a random scope of the session (the SDK's GET stream is `_GET_stream` in
   * every session), and a `Last-Event-ID` of another session's event (one store
   * serves every session's transport, and the SDK's event ids name streams, not sessions) is
   * answered 400 "Invalid event ID format", replaying nothing. Give the transport a
   * `sessionIdGenerator`: without one it keeps no session and nothing is bound.
   *
   * @param authInfo - The request's: `req.auth` behind `requireDualAuth`, the handler's
   *   `authInfo` behind `dualAuthMcpHandler` (the object the guard built, not a copy).
   * @throws TypeError when `authInfo` was not built by this package's guard.
   */
  transportOptions<T extends McpSessionCallbacks>(authInfo: AuthInfo | undefined, options: T): T {
    const subject = verifiedRequest(authInfo)?.subject;
    if (authInfo === undefined || subject === undefined) {
      throw new TypeError(
        "transportOptions: authInfo must be the one this package's guard built for the request (req.auth behind requireDualAuth, the handler's authInfo behind dualAuthMcpHandler), not a copy",
      );
    }
    requireValue(options, 'options', 'object');
    const { store } = stateOf(this);
    const { onsessioninitialized, onsessionclosed, eventStore } = options;
    return {
      ...options,
      ...(eventStore === undefined ? {} : { eventStore: sessionScopedEventStore(eventStore) }),
      onsessioninitialized: async (sessionId: string) => {
        if (!(await store.open(sessionId, await ownerOf(this, subject)))) {
          // A store that says it is not full refused this owner (its own cap).
          const ownerCap = (await store.isFull?.()) === false;
          refusedOpens.set(authInfo, ownerCap ? OWNER_SESSIONS_FULL : SESSIONS_FULL);
          throw new McpSessionLimitError(ownerCap ? 'owner' : 'store');
        }
        try {
          await onsessioninitialized?.(sessionId);
        } catch (error) {
          await store.forget(sessionId);
          throw error;
        }
      },
      onsessionclosed: async (sessionId: string) => {
        await store.forget(sessionId);
        await onsessionclosed?.(sessionId);
      },
    };
  }

  /**
   * Forgets the owner of `sessionId`: call it when a session's transport closes otherwise than by
   * DELETE (`transport.onclose`, a session closed for being idle). `undefined` (a transport that
   * opened no session) is nothing to forget.
   */
  async forget(sessionId: string | undefined): Promise<void> {
    if (sessionId !== undefined) await stateOf(this).store.forget(sessionId);
  }
}

function stateOf(binding: McpSessionBinding): BindingState {
  const state = bindings.get(binding);
  if (state === undefined) throw new TypeError('options.sessions must be a McpSessionBinding');
  return state;
}

/** `sessions` checked: a {@link McpSessionBinding} of this package, or `undefined`. */
export function checkSessionBinding(sessions: unknown): McpSessionBinding | undefined {
  if (sessions === undefined) return undefined;
  if (!bindings.has(sessions as McpSessionBinding)) {
    throw new TypeError(
      'options.sessions must be a McpSessionBinding of @dual-auth/mcp (new McpSessionBinding())',
    );
  }
  return sessions as McpSessionBinding;
}

const MIN_KEY_BYTES = 32;
const MAX_OWNER_DIGEST_KEYS = 3;
// The MACs cover a label: a key reused for something else never yields an owner, nor its id.
const OWNER_LABEL = 'dual-auth MCP session owner v1\0';
const KEY_ID_LABEL = 'dual-auth MCP session owner key id v1\0';
const KEY_ID_CHARACTERS = 8;
const HOW_TO_MAKE_ONE =
  'at least 32 random bytes (`openssl rand -base64 32` once, kept in your secret store, decoded to a Uint8Array) or an HMAC SHA-256 CryptoKey of 256+ bits allowed to sign, the same for every process sharing options.store';

function keyRefused(problem: string): ConfigurationError {
  return new ConfigurationError({
    message: `options.ownerDigestKey ${problem}: give ${HOW_TO_MAKE_ONE}`,
    variable: 'options.ownerDigestKey',
  });
}

// Printable ASCII, tab, line feed, carriage return: a password or a base64/hex string's text.
const isText = (byte: number) =>
  (byte >= 0x20 && byte <= 0x7e) || byte === 9 || byte === 10 || byte === 13;

/**
 * One key of `ownerDigestKey` checked: a copy of its bytes (the caller zeroes it) or the
 * CryptoKey as given. Never shows the key in a message.
 */
function checkedKey(value: unknown, copies: Uint8Array[]): Uint8Array | CryptoKey {
  if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) {
    const algorithm = value.algorithm as Partial<HmacKeyAlgorithm>;
    const usable =
      value.type === 'secret' &&
      algorithm.name === 'HMAC' &&
      algorithm.hash?.name === 'SHA-256' &&
      (algorithm.length ?? 0) >= MIN_KEY_BYTES * 8 &&
      value.usages.includes('sign');
    if (!usable) throw keyRefused('is a CryptoKey of another algorithm, hash, size or use');
    return value;
  }
  if (typeof value === 'string') {
    throw keyRefused('is a string: decode it to its bytes');
  }
  if (!(value instanceof Uint8Array)) throw keyRefused('is not a key');
  const copy = new Uint8Array(value);
  copies.push(copy);
  if (copy.length < MIN_KEY_BYTES) throw keyRefused('has fewer than 32 bytes');
  if (new Set(copy).size === 1) throw keyRefused('is one byte repeated, not random');
  if (copy.every(isText)) throw keyRefused('is text: a password, or base64 not decoded');
  return copy;
}

/**
 * The binding's owner keys from `ownerDigestKey` as given (checked now, imported later); a random
 * one when none is given and none is `required` (the owners stay in this process).
 *
 * @throws ConfigurationError when it is missing though `required`, or is no key.
 */
function ownerKeys(given: unknown, required: boolean): Promise<readonly OwnerKey[]> {
  let keys: Promise<readonly OwnerKey[]>;
  if (given === undefined) {
    if (required) {
      throw new ConfigurationError({
        message: `options.ownerDigestKey is required with options.store, so that whoever reads the store cannot link a pair's sessions nor confirm a guessed human: give ${HOW_TO_MAKE_ONE}`,
        variable: 'options.ownerDigestKey',
      });
    }
    keys = crypto.subtle
      .generateKey({ name: 'HMAC', hash: 'SHA-256', length: MIN_KEY_BYTES * 8 }, false, ['sign'])
      .then(async (key) => [await ownerKey(key)]);
  } else {
    const list: readonly unknown[] = Array.isArray(given) ? given : [given];
    if (list.length === 0 || list.length > MAX_OWNER_DIGEST_KEYS) {
      throw keyRefused(`must be one key or a list of at most ${MAX_OWNER_DIGEST_KEYS}`);
    }
    const copies: Uint8Array[] = [];
    let checked: (Uint8Array | CryptoKey)[];
    try {
      checked = Array.from(list, (key) => checkedKey(key, copies));
    } catch (error) {
      for (const copy of copies) copy.fill(0);
      throw error;
    }
    keys = Promise.all(checked.map(importedKey)).finally(() => {
      for (const copy of copies) copy.fill(0);
    });
  }
  // Surfaced on first use; not as an unhandled rejection now.
  keys.catch(() => undefined);
  return keys;
}

async function importedKey(key: Uint8Array | CryptoKey): Promise<OwnerKey> {
  if (!(key instanceof Uint8Array)) return ownerKey(key);
  const bytes = key as Uint8Array<ArrayBuffer>;
  const hmac = { name: 'HMAC', hash: 'SHA-256' };
  return ownerKey(await crypto.subtle.importKey('raw', bytes, hmac, false, ['sign']));
}

async function ownerKey(key: CryptoKey): Promise<OwnerKey> {
  const id = (await mac(key, KEY_ID_LABEL)).slice(0, KEY_ID_CHARACTERS);
  return { id, key };
}

/** The hex HMAC-SHA-256 of `label` and `data` under `key`. */
async function mac(key: CryptoKey, label: string, data = ''): Promise<string> {
  const input = new TextEncoder().encode(label + data);
  const signed = await crypto.subtle.sign('HMAC', key, input);
  return Array.from(new Uint8Array(signed), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The owner of the requests of `subject` under `key`: the key's id, a dot, and the hex
 * HMAC-SHA-256 of the verified vendor, issuer, agent id, human `sub` and `oid`. Two requests of
 * one agent for one human (the token renewed) share it.
 */
async function ownerUnder({ id, key }: OwnerKey, subject: DualSubject): Promise<string> {
  const pair = [
    subject.vendor,
    subject.agent.raw.iss ?? null,
    subject.agent.id,
    subject.human.sub,
    subject.human.oid ?? null,
  ];
  return `${id}.${await mac(key, OWNER_LABEL, JSON.stringify(pair))}`;
}

/** The owner of the requests of `subject` for a new session: under the binding's first key. */
async function ownerOf(binding: McpSessionBinding, subject: DualSubject): Promise<string> {
  const [first] = await stateOf(binding).keys;
  return ownerUnder(first as OwnerKey, subject);
}

/** A refusal of a session request, as the MCP SDK's transport answers: a JSON-RPC error. */
export interface SessionRefusal {
  status: 403 | 404 | 429 | 503;
  headers: Record<string, string>;
  body: { jsonrpc: '2.0'; error: { code: number; message: string }; id: null };
}

const NOT_YOURS: SessionRefusal = {
  status: 403,
  headers: { 'cache-control': 'no-store' },
  body: {
    jsonrpc: '2.0',
    error: {
      code: -32600,
      message:
        'This MCP session was opened by another agent or human: open a session of your own (initialize without mcp-session-id)',
    },
    id: null,
  },
};

/** The refusal of a session that the full store could not keep. */
export const SESSIONS_FULL: SessionRefusal = {
  status: 503,
  headers: { 'cache-control': 'no-store', 'retry-after': '5' },
  body: {
    jsonrpc: '2.0',
    error: {
      code: -32000,
      message: 'This MCP server has as many sessions open as it may: try again later',
    },
    id: null,
  },
};

/**
 * The answer to a session id the binding holds no owner for: the SDK transport's own answer to an
 * unknown session (MCP Streamable HTTP: 404, and the client starts a new session).
 */
const SESSION_NOT_FOUND: SessionRefusal = {
  status: 404,
  headers: { 'cache-control': 'no-store' },
  body: { jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null },
};

/** The refusal of a session of a pair that has as many open as it may. */
const OWNER_SESSIONS_FULL: SessionRefusal = {
  status: 429,
  headers: { 'cache-control': 'no-store' },
  body: {
    jsonrpc: '2.0',
    error: {
      code: -32000,
      message:
        'This agent and human have as many MCP sessions open as they may: end one (DELETE) before opening another',
    },
    id: null,
  },
};

/**
 * How a guard answers an admitted request of `subject` with `sessionId` (its `mcp-session-id`,
 * `undefined` without one): a refusal, or `undefined` to hand it to the app. A session of another
 * pair is refused 403; one the binding holds no owner for 404; without a session id (an initialize),
 * a full store is refused 503, a pair at its own cap 429.
 */
export async function sessionRefusal(
  sessions: McpSessionBinding,
  sessionId: string | undefined,
  subject: DualSubject,
): Promise<SessionRefusal | undefined> {
  const { store, keys } = stateOf(sessions);
  if (sessionId === undefined) {
    if (await store.isFull?.()) return SESSIONS_FULL;
    if (store.isFullFor === undefined) return undefined;
    const full = await store.isFullFor(await ownerOf(sessions, subject));
    return full ? OWNER_SESSIONS_FULL : undefined;
  }
  const owner: unknown = await store.ownerOf(sessionId);
  // Unknown to the binding: never opened, ended, or lost by a shared store while its transport
  // lives. Served, the last would be any pair's: answered as the transport answers an unknown id.
  // No string (`null`, as a Redis GET answers a missing key) is no owner either.
  if (typeof owner !== 'string') return SESSION_NOT_FOUND;
  // Digested under a key the binding no longer holds (rotated out) or never held: unknown too,
  // so that the client opens a new session.
  const key = (await keys).find(({ id }) => owner.startsWith(`${id}.`));
  if (key === undefined) return SESSION_NOT_FOUND;
  return owner === (await ownerUnder(key, subject)) ? undefined : NOT_YOURS;
}

/** The answer to the request of `authInfo` whose session the store refused to open, if it did. */
export function sessionOpenRefused(authInfo: AuthInfo): SessionRefusal | undefined {
  return refusedOpens.get(authInfo);
}
