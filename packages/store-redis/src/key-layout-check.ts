import { ConfigurationError, type Logger, type StoreOperation } from '@dual-auth/core';
import { CLAIM_KEY_LAYOUT, READ_KEY_LAYOUT } from './lua-scripts.js';
import type { ResolvedStoreOptions } from './store-options.js';
import { TrustedCheck } from './trusted-check.js';

/**
 * The version of how the stores make their keys from ids, recorded with `hashIds`: raise it when
 * a key holding an id changes form, so that processes of two versions refuse to share a prefix.
 */
export const KEY_LAYOUT_VERSION = 1;

const RECORDED = /^layout=(\d{1,6}) hashIds=(true|false)$/;
// The longest record RECORDED matches, in bytes: a longer value is read no further.
const LONGEST_LAYOUT_BYTES = 32;

/**
 * Checks that every process using one Redis and `prefix` makes its keys alike: `hashIds` changes
 * every key that holds an id, so a `jti` claimed under one setting is a first use under the other
 * (a replay accepted) and a cut-off written under one is not read under the other.
 *
 * The first operation of a store reads the layout recorded at `<prefix>key-layout` (a plain
 * read, which Redis lets through while it holds writes, as a failover does, where it holds a
 * script); when it is not this store's, it records its own (`layout=1 hashIds=false`) unless one
 * is recorded, and reads the one recorded, in one atomic script (of processes starting at once,
 * one sets it and all read the same). Agreement is trusted for
 * `intervalMs` on the store's clock, and until the client reconnects (its `ready` event): then the
 * next operation asks again, and writes the layout again when it is gone (a flushed Redis, one
 * restarted without persistence, an eviction). No round trip in between. A disagreement is not
 * trusted: every operation asks again, so fixing the processes heals a refusing store without a
 * restart. A store refused for another layout only reads the record from then on: when the record
 * is gone (a flushed Redis) it stays refused rather than record its own, which would lock out the
 * processes that set the first one (a refused store asks at every operation, so it would mostly
 * come first). It records again once it agrees, or after a restart. A store refused for a key
 * that holds no layout records its own once that key is deleted.
 */
export class KeyLayoutCheck {
  readonly #store: ResolvedStoreOptions;
  readonly #owner: string;
  readonly #logger: Logger;
  readonly #trusted: TrustedCheck<ConfigurationError>;
  readonly #layout: string;
  readonly #logged = new Set<string>();
  /** Refused for another layout: read the record, never write one. */
  #disagreed = false;

  constructor(
    store: ResolvedStoreOptions,
    owner: string,
    client: object,
    intervalMs: number,
    logger: Logger,
  ) {
    this.#store = store;
    this.#owner = owner;
    this.#logger = logger;
    this.#trusted = new TrustedCheck(store.clock, intervalMs, client, (operation) =>
      this.#check(operation),
    );
    this.#layout = `layout=${KEY_LAYOUT_VERSION} hashIds=${store.hashIds}`;
  }

  /**
   * Resolves when the keys under the prefix are laid out as this store makes them.
   *
   * @throws ConfigurationError (`variable` `hashIds`, or `prefix` when the layout key holds
   *   something else or another layout version) saying what differs and what to do; no id, key or
   *   secret. StoreUnavailableError when Redis does not answer.
   */
  async ensure(operation: StoreOperation): Promise<void> {
    const refusal = await this.#trusted.run(operation);
    if (refusal !== undefined) throw refusal;
  }

  async #check(operation: StoreOperation): Promise<ConfigurationError | undefined> {
    const { commands, keys } = this.#store;
    // A plain read first: Redis holds every script while it holds writes (CLIENT PAUSE WRITE, as
    // a failover does), and a cut-off read, itself let through, would wait behind the script.
    // What it cannot settle (no record, another one, an error) the scripts below answer.
    const found = await commands
      .getBounded(operation, keys.layout(), LONGEST_LAYOUT_BYTES)
      .catch(() => undefined);
    if (found === this.#layout) {
      this.#disagreed = false;
      return undefined;
    }
    const reply = this.#disagreed
      ? await commands.run(operation, READ_KEY_LAYOUT, [keys.layout()], [])
      : await commands.run(operation, CLAIM_KEY_LAYOUT, [keys.layout()], [this.#layout]);
    if (reply === null || reply === undefined) return this.#goneRefusal();
    const held = typeof reply === 'string' ? reply : '';
    if (held === this.#layout) {
      this.#disagreed = false;
      return undefined;
    }
    const refusal = this.#refusal(held);
    const recorded = RECORDED.exec(held);
    this.#disagreed = recorded !== null;
    const fields = {
      store: this.#owner,
      hash_ids: this.#store.hashIds,
      recorded_layout: recorded === null ? 'unrecognized' : Number(recorded[1]),
      recorded_hash_ids: recorded === null ? 'unrecognized' : recorded[2] === 'true',
    };
    const seen = `${fields.recorded_layout} ${fields.recorded_hash_ids}`;
    if (!this.#logged.has(seen)) this.#logger.error('redis_key_layout_refused', fields);
    this.#logged.add(seen);
    return refusal;
  }

  #goneRefusal(): ConfigurationError {
    const { prefix, hashIds } = this.#store;
    return new ConfigurationError({
      variable: 'hashIds',
      message: `${this.#owner}: this store was refused for another key layout under prefix '${prefix}', and the record of it (the key '${prefix}key-layout') is gone (a flushed or restarted Redis). It does not record its own (hashIds: ${hashIds}), which would lock out the processes that set the first one, so every operation stays refused until one of them records it again. Give every process sharing this Redis and prefix the same hashIds, then restart this one (see "Options" in the @dual-auth/store-redis README)`,
    });
  }

  #refusal(held: string): ConfigurationError {
    const { prefix, hashIds } = this.#store;
    const key = `'${prefix}key-layout'`;
    const recorded = RECORDED.exec(held);
    // What is in the key is echoed only when it is a layout: anything else may be another
    // program's data.
    if (recorded === null) {
      return new ConfigurationError({
        variable: 'prefix',
        message: `${this.#owner}: the key ${key} holds something else than a key layout of @dual-auth/store-redis: another program uses prefix '${prefix}'. Every operation of this store is refused: give the stores a prefix of their own, or delete that key if nothing needs it`,
      });
    }
    const [, version, recordedHashIds] = recorded;
    if (Number(version) !== KEY_LAYOUT_VERSION) {
      return new ConfigurationError({
        variable: 'prefix',
        message: `${this.#owner}: the keys under prefix '${prefix}' are laid out as layout ${version} (the key ${key}), by another version of @dual-auth/store-redis; this one makes layout ${KEY_LAYOUT_VERSION}. Every operation of this store is refused, as its keys would not be found by the other processes: run one version on every process sharing this Redis and prefix, or give this one a new prefix`,
      });
    }
    return new ConfigurationError({
      variable: 'hashIds',
      message: `${this.#owner}: the keys under prefix '${prefix}' are laid out with hashIds: ${recordedHashIds} (the key ${key}, set by the first process that used them), but this store has hashIds: ${hashIds}. A jti claimed or a cut-off written under one setting is not found under the other (a replay would be accepted, an ended delegation would still work), so every operation of this store is refused. Give every process sharing this Redis and prefix the same hashIds, or give this setting a new prefix (see "Options" in the @dual-auth/store-redis README)`,
    });
  }
}
