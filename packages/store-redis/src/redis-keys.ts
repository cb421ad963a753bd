import { createHash } from 'node:crypto';
import type { TokenCacheKey } from '@dual-auth/core';

/** The default key prefix. */
export const DEFAULT_PREFIX = 'dual-auth:';

/** The Redis keys of one cached token. */
export interface TokenKeys {
  /** The encrypted token. */
  readonly entry: string;
  /** The lock held while one instance requests it. */
  readonly lock: string;
  /** The human's entries, a sorted set by expiry, for `invalidate` and `tokensOf`. */
  readonly index: string;
  /** When the human's tokens were last invalidated: a token requested before is not stored. */
  readonly invalidated: string;
}

/** The Redis keys of one partition's share of long-lived replay claims. */
export interface ReplayShareKeys {
  /** Its claims, a sorted set scored by their expiry. */
  readonly index: string;
  /** The latest expiry forgotten, kept by versions before the filters (read, never written). */
  readonly forgottenUntil: string;
  /** Bit strings (Bloom filters) of the claims it forgot, one per hour they were forgotten in. */
  readonly filters: readonly string[];
}

/**
 * Where the stores keep things in Redis. Every key of one human (tokens, locks, index) carries the
 * same Cluster hash tag `{…}`, so a token, its lock and the index share a slot and one script can
 * touch them all (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags).
 * Keys hold IAM ids only, or their SHA-256 with `hashIds` (always for an id with a brace); the rest of a token key (adapter,
 * scopes, audience, act digest) is one SHA-256, so no scope, URL or email shows in a key.
 */
export class RedisKeys {
  readonly #prefix: string;
  readonly #hashIds: boolean;

  constructor(prefix: string, hashIds: boolean) {
    this.#prefix = prefix;
    this.#hashIds = hashIds;
  }

  /**
   * The key that records how the keys under this prefix are made (`hashIds`, the layout version),
   * written by the first store to use them; see `KeyLayoutCheck`. No hash tag, no id: one key per
   * prefix, in a slot of its own on a Cluster.
   */
  layout(): string {
    return `${this.#prefix}key-layout`;
  }

  /** The key of a claimed `jti`. */
  replay(jti: string): string {
    return `${this.replayPrefix()}${this.#id(jti)}`;
  }

  /** What the key of every claimed `jti` ({@link RedisKeys.replay}) starts with. */
  replayPrefix(): string {
    return `${this.#prefix}replay:`;
  }

  /**
   * The keys of one partition's share of long-lived replay claims, under one hash tag (the
   * partition's SHA-256, whatever it holds): its index, the latest expiry earlier versions
   * recorded when they forgot claims, and `filterCount` filters of the claims it forgot.
   */
  replayShare(partition: string, filterCount: number): ReplayShareKeys {
    const share = `${this.#prefix}{replay-share:${sha256(partition)}}`;
    const filters = Array.from({ length: filterCount }, (_, i) => `${share}:forgotten:${i}`);
    return { index: `${share}:long`, forgottenUntil: `${share}:forgotten-until`, filters };
  }

  /** The keys of the token filed under `key`. */
  token(key: TokenCacheKey): TokenKeys {
    const human = this.#human(key.sub);
    const scope = [...new Set(key.scope)].sort();
    const parts = [key.adapterId, key.agentId, key.sub, scope, key.audience, key.actDigest ?? ''];
    const digest = sha256(JSON.stringify(parts));
    return {
      entry: `${human}:token:${digest}`,
      lock: `${human}:lock:${digest}`,
      index: `${human}:tokens`,
      invalidated: `${human}:invalidated`,
    };
  }

  /** The key of one human's delegation cut-off (beside the human's tokens, same hash tag). */
  cutoff(sub: string): string {
    return `${this.#human(sub)}:cutoff`;
  }

  /** What every token entry key of one human starts with. */
  tokenPrefix(sub: string): string {
    return `${this.#human(sub)}:token:`;
  }

  /** The key of when one human's tokens were last invalidated (`invalidate`). */
  invalidated(sub: string): string {
    return `${this.#human(sub)}:invalidated`;
  }

  /** The index key of one human's tokens. */
  index(sub: string): string {
    return `${this.#human(sub)}:tokens`;
  }

  /** The index key of one human's tokens set aside by `invalidate` (sealed under a key it lacks). */
  setAside(sub: string): string {
    return `${this.#human(sub)}:set-aside`;
  }

  // A tag must not hold a brace (it would end early or be empty, and split a human's keys over
  // slots). Such ids are hashed; hashed tags start with '#', which raw ids then may not.
  #human(sub: string): string {
    const raw = !this.#hashIds && sub !== '' && !/^#|[{}]/.test(sub);
    return `${this.#prefix}{${raw ? sub : `#${sha256(sub)}`}}`;
  }

  #id(id: string): string {
    return this.#hashIds ? sha256(id) : id;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
