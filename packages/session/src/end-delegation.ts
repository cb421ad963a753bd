import {
  type Act,
  type Clock,
  checkOption,
  cutoffIdsOf,
  type DelegationCutoffStore,
  type DualSubjectToken,
  errorClassOf,
  humanIdForLogging,
  type IamAdapter,
  type KnownOptions,
  type LoggableHuman,
  type Logger,
  loggerOrDefault,
  MAX_CLOCK_TOLERANCE_SECONDS,
  prepareHumanIdForLogging,
  type RevocationAnswer,
  refuseUnknownOptions,
  requireValue,
  revocationAnswer,
  systemClock,
  type TokenRevocationOutcome,
  type TokensOfOptions,
} from '@dual-auth/core';
import { findActProblem } from '@dual-auth/core/adapter-kit';
import { UNLISTABLE_STORE } from './token-cache/unlistable-store.js';

/** What {@link endDelegation} takes. */
export interface EndDelegationOptions {
  /**
   * The human: their act (`{ sub, oid? }`, as `HybridSender.extractActFromSession` gives it),
   * under each of whose IAM ids (`cutoffIdsOf`: `sub`, and Entra ID's `oid`) the cut-off is
   * recorded (and under each case-folded, for the readers whose IdP ignores case: Entra ID,
   * Keycloak) and cached tokens are listed and dropped; or one IAM id, never an email or a name.
   * Pass the act for Entra ID: its access tokens carry a `sub` of their own per API, so only `oid`
   * reaches them, while the agent's cache is keyed by `act.sub`. One id is held to `act.sub`'s
   * rules (core's `findActProblem`: non-blank, at most 256 characters, no control characters), so
   * an id no credential carries (`'alice\n'`) is a `TypeError`, not a cut-off that ends nothing.
   */
  human: string | { readonly sub: string; readonly oid?: string | undefined };
  /**
   * The token cache of the request classes (`SingleFlightTokenCache`, or any `TokenCache`): every
   * token cached for the human is dropped. With a shared store (`RedisTokenCache`) that is every
   * instance's. A request class given no `cache` keeps its default one to itself: to end its
   * delegations, create one `SingleFlightTokenCache` and give it to the class and here.
   */
  cache?:
    | {
        invalidate(sub: string): Promise<number>;
        tokensOf?(
          sub: string,
          adapterId: string,
          options?: TokensOfOptions,
        ): Promise<readonly DualSubjectToken[]>;
      }
    | undefined;
  /**
   * The adapter that got the human's cached tokens: each of them is revoked at its IdP (RFC 7009)
   * where the vendor supports it (`IamAdapter.revokeToken`), else reported "not supported, the
   * token expires at …". With DPoP, every instance's: any adapter of the agent lists the tokens
   * bound to the other instances' keys too (core's `adapterIdWithoutKey`), and revokes them with
   * its client authentication alone (RFC 7009 §2.1: no proof); never another agent's. Needs a `cache` that lists a human's tokens (`tokensOf`:
   * `SingleFlightTokenCache` over the in-memory store or `RedisTokenCache`): without one (also a
   * `SingleFlightTokenCache` over a store without `tokensOf`, whose tokens of the human are
   * dropped first), the cut-off is still recorded, then a TypeError says so, and that nothing
   * could be looked up to revoke.
   */
  adapter?: IamAdapter | undefined;
  /**
   * Where the cut-off goes; give the same store to `OutOfSessionTokenRequest` (or
   * `ActJwtVerifier`) and to the API guard's `cutoffStore`. Shared (Redis) across instances.
   */
  cutoffStore: DelegationCutoffStore;
  /**
   * The longest lifetime of a credential that can carry the human, in ms (act JWTs: 300 s; access
   * tokens: 24 h by default at Auth0, up to 30 days there). Default 86 400 000; a whole number
   * from 1 to 31 536 000 000 (a year: a storage time, not a timer's delay). The cut-off is kept 900 s longer: three
   * times the largest `clockToleranceSeconds` a guard or verifier takes (300 s), since a guard
   * refuses a token minted up to its tolerance after the cut-off, accepts a lifetime up to that
   * much over its `maxTokenLifetimeSeconds`, and accepts a token up to that long past its `exp`
   * (a profile's `iatBackdateSeconds` moves both the minting and the lifetime's start: the sum
   * holds). Whatever tolerance the guards reading the store have, no token the cut-off refused is
   * accepted again once it is forgotten.
   */
  keepMs?: number | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

const OPTIONS = {
  human: true,
  cache: true,
  adapter: true,
  cutoffStore: true,
  keepMs: true,
  clock: true,
  logger: true,
} as const satisfies KnownOptions<EndDelegationOptions>;

/** What {@link endDelegation} did. */
export interface EndedDelegation {
  /** The cut-off, in ms since epoch: credentials for the human issued up to then are refused. */
  readonly cutoffMs: number;
  /** How many cached tokens were dropped (0 without `cache`). */
  readonly droppedTokens: number;
  /**
   * Per cached token of the `adapter`, in the cache's order: `revoked`, `not-supported` (with when
   * it expires) or `failed` (the cut-off still stops it). Empty without `adapter`. A `failed`
   * outcome with an empty `endpoint` reached no IdP: the adapter's `revokeToken` threw (the
   * message names the error class), or, as the only outcome, the cache could not list the human's
   * tokens (the message says so; they were still dropped).
   */
  readonly revocations: readonly TokenRevocationOutcome[];
  /**
   * How many of the human's cached entries the cache found but could not open, so could not list:
   * sealed under a key it does not hold (a `RedisTokenCache` without the agents' `encryptionKeys`),
   * altered, another program's value. They are taken out of service and cut off, but their tokens
   * were not revoked at the IdP and have no outcome in `revocations`: they stay valid there until
   * revoked or expired. `RedisTokenCache` sets aside those sealed under another key (kept until
   * they expire), so the same call with a cache that holds that key revokes them. Above 0, the
   * cache lacks the agents' keys (`RedisTokenCache`'s `encryptionKeys`): call again with them. Counts every
   * adapter's entries (which adapter an entry is for is sealed in it). `undefined` when not
   * known: without `adapter` (nothing is listed), when the cache could not list the tokens, or
   * when it does not count them (core's `TokenCache.tokensOf` without `options.unreadable`, a cache
   * written before it); read that as "maybe some".
   */
  readonly unreadableTokens?: number | undefined;
}

const DEFAULT_KEEP_MS = 86_400_000;
// A year: past every access token lifetime an IdP offers (Auth0's longest, 30 days, is past the
// 2^31-1 ms of a timer's delay, which bounded keepMs before).
const MAX_KEEP_MS = 31_536_000_000; // 365 * 86_400_000
// A guard grants its clockToleranceSeconds three times over a token refused at the cut-off: on its
// `iat` after the cut-off, on its lifetime (`exp - iat`) and on its `exp`. The guards reading the
// store run elsewhere with tolerances unknown here, so the largest any checker takes counts.
const CLOCK_TOLERANCE_MARGIN_MS = /* @__PURE__ */ (() => 3 * MAX_CLOCK_TOLERANCE_SECONDS * 1000)();

/**
 * Ends every delegation of one human, on every device (a kill switch: "sign out everywhere", an
 * admin disabling them; a single-device logout drops that session's subject token and calls the
 * cache's `invalidate(act.sub)` instead, with no cut-off): records the human's
 * cut-off first, so an act JWT or an access token issued before it is refused from now on
 * (`revoked`) wherever the same store is read, then drops the human's cached tokens and, with a
 * `adapter`, revokes them at the IdP where it supports RFC 7009 (Keycloak, Okta); elsewhere they
 * stay valid at the IdP until they expire, and the cut-off is what stops them at the agent and at
 * the API.
 *
 * @throws TypeError naming a wrong or unknown option (before anything is ended), or, after the cut-off is
 * recorded (its message says from when), an `adapter` without a `cache` that lists the human's
 * tokens (no `tokensOf`: nothing is dropped or revoked then; a `SingleFlightTokenCache` over a
 * store without one: its tokens of the human are dropped, none revoked); ConfigurationError when no `logger` is given and
 * `DUAL_AUTH_LOG` or `DUAL_AUTH_LOG_LEVEL` holds a typo (before anything is ended); the store's
 * error when it cannot record the cut-off (nothing is dropped then, so the caller can retry), or
 * the cache's when it cannot drop the tokens (call again): the tokens it listed are revoked first,
 * as the drop may have run with its answer lost, and a retry then lists nothing to revoke.
 * @example
 * const cutoffStore = new RedisDelegationCutoffStore({ client });
 * const act = sender.extractActFromSession(session); // { sub, oid? }
 * await endDelegation({ human: act, cache, cutoffStore });
 */
export async function endDelegation(options: EndDelegationOptions): Promise<EndedDelegation> {
  requireValue(options, 'options', 'object');
  refuseUnknownOptions(options, OPTIONS, 'endDelegation');
  const ids = humanIdsOf(options.human);
  // One object for every line about the human: off Node, the digest prepared on it with Web Crypto
  // (core's humanIdForLogging reads it); on Node nothing to wait for.
  const human = { sub: ids[0], oid: ids[1] };
  const preparing = prepareHumanIdForLogging(human);
  if (preparing !== undefined) await preparing;
  if (options.cutoffStore === undefined) {
    throw new TypeError(
      'endDelegation: options.cutoffStore is required: the DelegationCutoffStore your agents and APIs read (RedisDelegationCutoffStore of @dual-auth/store-redis; one process alone: InMemoryDelegationCutoffStore of @dual-auth/core)',
    );
  }
  requireValue(options.cutoffStore, 'options.cutoffStore', 'object');
  const keepMs = checkOption(options, 'keepMs', 'positiveInteger') ?? DEFAULT_KEEP_MS;
  if (keepMs > MAX_KEEP_MS) {
    throw new TypeError('options.keepMs must be at most a year (31536000000 ms)');
  }
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  // Resolved before anything is ended: a typo in DUAL_AUTH_LOG fails here, not after the work.
  const logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
  const adapter = checkOption<IamAdapter>(options, 'adapter', 'object');
  const cutoffMs = clock.now();
  // Each id, then each case-folded: a reader whose IdP names an account by every case variant of
  // its id (`TokenProfile.humanIdsIgnoreCase`) finds it under the spelling its credential carries.
  for (const id of cutoffIdsOf(human as Act, true)) {
    await options.cutoffStore.endDelegation(id, cutoffMs, keepMs + CLOCK_TOLERANCE_MARGIN_MS);
  }
  // After the cut-off: a kill switch whose caller swallows the error must still have ended the
  // delegation; but an empty `revocations` would read as "nothing to revoke" when nothing was
  // looked up.
  const recorded = `The cut-off was recorded (credentials of the human issued up to ${new Date(cutoffMs).toISOString()} are refused), but no token was revoked at the IdP`;
  if (adapter !== undefined && typeof options.cache?.tokensOf !== 'function') {
    throw new TypeError(
      `${recorded}: options.adapter needs the token cache that lists the human's tokens; pass the SingleFlightTokenCache you gave the request classes (\`cache\` option)`,
    );
  }
  const listed = await listTokens(options.cache, ids, adapter?.id, logger, human);
  let droppedTokens = 0;
  try {
    for (const id of ids) droppedTokens += (await options.cache?.invalidate(id)) ?? 0;
  } catch (error) {
    // The drop may have run with its answer lost (Redis dropped the connection mid-script): no
    // later call lists what it deleted, so what was listed is revoked before the error is told.
    if ('tokens' in listed) await revokeAll(adapter, listed.tokens, logger);
    throw error;
  }
  // Dropped first: no later call could list them to revoke, and a caller that swallows the error
  // must not have them served again.
  if ('unlistable' in listed) {
    throw new TypeError(
      `${recorded} (the cached ones were dropped): ${UNLISTABLE_STORE}; give the cache a store that lists them (the default in-memory one, RedisTokenCache of @dual-auth/store-redis)`,
    );
  }
  // After the cut-off and the drop: a revocation that fails leaves the human cut off.
  const revocations =
    'failed' in listed ? [listed.failed] : await revokeAll(adapter, listed.tokens, logger);
  const unreadableTokens = 'failed' in listed ? undefined : listed.unreadable;
  logger.info('delegation_ended', {
    human_id: humanIdForLogging(human),
    dropped_tokens: droppedTokens,
    revoked_tokens: revocations.filter((outcome) => outcome.status === 'revoked').length,
    unreadable_tokens: unreadableTokens,
  });
  return { cutoffMs, droppedTokens, revocations, unreadableTokens };
}

type Cache = EndDelegationOptions['cache'];
type Listed =
  | { readonly tokens: readonly DualSubjectToken[]; readonly unreadable: number | undefined }
  | { readonly failed: TokenRevocationOutcome }
  | { readonly unlistable: true };

// Every id the human's credentials may carry: the act's (`cutoffIdsOf`), or the one id given.
// One id is held to act.sub's rules: an id no credential carries ('alice\n', blank) would record a
// cut-off that ends nothing, and answer as if it had.
function humanIdsOf(human: unknown): string[] {
  const asAct = typeof human === 'string' && human !== '' ? { sub: human } : human;
  const problem = findActProblem(asAct);
  if (problem !== undefined) {
    throw new TypeError(`options.human must be the human's act or IAM id: ${problem.message}`);
  }
  return typeof human === 'string' ? [human] : cutoffIdsOf(human as Act);
}

// The human's cached tokens of the adapter, and how many entries the cache could not open (unknown
// when it does not tell, for any of the ids); a cache that cannot list them (Redis down) yields one
// failed outcome, so the drop and the answer still happen.
async function listTokens(
  cache: Cache,
  ids: readonly string[],
  adapterId: string | undefined,
  logger: Logger,
  human: LoggableHuman,
): Promise<Listed> {
  if (adapterId === undefined) return { tokens: [], unreadable: undefined };
  try {
    const tokens: DualSubjectToken[] = [];
    let unreadable: number | undefined = 0;
    for (const id of ids) {
      let told = Number.NaN;
      const unread = (count: number) => {
        told = count;
      };
      tokens.push(...((await cache?.tokensOf?.(id, adapterId, { unreadable: unread })) ?? []));
      // A count that is not one (a cache's bug) is as good as none.
      const counted = Number.isSafeInteger(told) && told >= 0;
      unreadable = unreadable !== undefined && counted ? unreadable + told : undefined;
    }
    return { tokens, unreadable };
  } catch (error) {
    if (error instanceof TypeError && error.message === UNLISTABLE_STORE)
      return { unlistable: true };
    const errorType = errorClassOf(error);
    logger.warn('delegation_tokens_unlisted', {
      human_id: humanIdForLogging(human),
      error_type: errorType,
    });
    const message = `the cache did not list the human's tokens (${errorType}): none was revoked at the IdP; the cut-off stops them`;
    return { failed: { status: 'failed', endpoint: '', message } };
  }
}

// Side by side; one that throws is its own failed outcome and never hides the others.
async function revokeAll(
  adapter: IamAdapter | undefined,
  tokens: readonly DualSubjectToken[],
  logger: Logger,
): Promise<TokenRevocationOutcome[]> {
  if (adapter === undefined) return [];
  const settled = await Promise.allSettled(tokens.map(async (t) => revokeAt(adapter, t)));
  return settled.map((result) => {
    if (result.status === 'fulfilled') return result.value;
    const errorType = errorClassOf(result.reason);
    logger.warn('token_revocation_threw', { error_type: errorType });
    return { status: 'failed', endpoint: '', message: `revokeToken threw ${errorType}` };
  });
}

function revokeAt(adapter: IamAdapter, token: DualSubjectToken): Promise<TokenRevocationOutcome> {
  if (adapter.revokeToken !== undefined) return adapter.revokeToken(token);
  // Without a declaration, core's answer is always the "not supported" one.
  const answer = revocationAnswer(adapter.vendor, undefined, { tokenUrl: '' }, token.expiresAt);
  const { message, expiresAtMs } = answer as Extract<RevocationAnswer, { supported: false }>;
  return Promise.resolve({ status: 'not-supported', message, expiresAtMs });
}
