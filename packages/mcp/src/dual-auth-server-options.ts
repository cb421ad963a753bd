import {
  type Clock,
  ConfigurationError,
  checkOption,
  type KnownOptions,
  type Logger,
  loggerOrDefault,
  MAX_CLOCK_TOLERANCE_SECONDS,
  MAX_IAT_BACKDATE_SECONDS,
  readOptions,
  requireValue,
  systemClock,
} from '@dual-auth/core';
import type { DualAuthGuard, DualSubject } from '@dual-auth/resource';
import type { DelegationRecheck, GuardCutoff } from './at-token-expiry.js';
import { hrefOf } from './href-of.js';
import { checkSessionBinding, type McpSessionBinding } from './mcp-session-binding.js';
import { protectedResourceMetadataUrl } from './protected-resource-metadata-url.js';
import { requireServerUrl } from './require-server-url.js';

/** Options of an MCP server's dual-subject check (`requireDualAuth`, `dualAuthMcpHandler`). */
export interface DualAuthServerOptions {
  /**
   * The guard of `@dual-auth/resource` (`createDualAuthGuard`): its `audience` must be this MCP
   * server's (`tokenAudience`, default `resourceServerUrl`) and nothing else, so a token issued for
   * another resource is refused (MCP authorization: no token passthrough; RFC 8707). A custom
   * guard without `audience` gets each admitted token's `aud` checked instead.
   */
  guard: DualAuthGuard;
  /**
   * This MCP server's URL as its clients call it (e.g. `https://mcp.example.com/mcp`): the
   * `resource` of RFC 9728, HTTPS without a fragment (§2); `http:` only on loopback.
   */
  resourceServerUrl: URL;
  /**
   * Where the protected-resource metadata is served, named in every 401 challenge
   * (`resource_metadata`, RFC 9728 §5.1). Default: the well-known URL for `resourceServerUrl`.
   */
  resourceMetadataUrl?: string;
  /**
   * The `aud` your IdP writes into tokens issued for this server, when it cannot write
   * `resourceServerUrl` itself: Entra ID v2 access tokens carry the resource app's client id (or
   * its `api://` App ID URI for v1 tokens). Default: `resourceServerUrl`. The guard's `audience`
   * must be this and nothing else.
   */
  tokenAudience?: string;
  /**
   * Stateful sessions bound to the agent and human that opened them ({@link McpSessionBinding}):
   * an admitted request whose `mcp-session-id` names a session another pair opened is refused 403
   * (JSON-RPC error), and a request to open one more when the binding's store is full, 503. Build
   * each session's transport with `sessions.transportOptions(authInfo, …)`. Default: none (each
   * request is checked alone, as a stateless server needs).
   */
  sessions?: McpSessionBinding;
  /**
   * The clock that times a server-sent stream against its access token's `exp` (seconds since the
   * epoch, RFC 7519 §4.1.4): the answer to an admitted GET (a session's stream of MCP Streamable
   * HTTP, its resumption with `Last-Event-ID`) still open when the token expires is ended then,
   * as a stream the server closed (at once when the token's `exp` had already passed on this
   * clock, admitted within the guard's clock tolerance). So no stream outlives the token that
   * opened it, nor an ended delegation (`endDelegation`: the guard refuses the human's next
   * request, and the stream ends at its token's `exp` at the latest). The MCP SDK's client opens
   * the stream again with its renewed token. A POST's answer is never cut: it answers the one
   * request its token was checked for, whose tool has run. Default: the system clock, on real
   * timers; a clock with `setTimer` (a test's controlled clock) runs that timer instead. A clock
   * whose `now()` answers no finite number (NaN: every stream would end as it opens) is refused at
   * creation with a `ConfigurationError`; one that stops answering it later ends each stream it
   * re-checks (`delegationRecheckIntervalMs`) at its next re-read, fail closed.
   */
  clock?: Clock;
  /**
   * How often an open server-sent stream re-reads its human's delegation cut-off, in milliseconds
   * (a whole number from 100 to 2^31-1). A guard given a `cutoffStore` (`createDualAuthGuard({ …,
   * cutoffStore })` of `@dual-auth/resource`: its `delegationCutoff`) refuses a token of an ended
   * delegation (`endDelegation`) on its next request; a server-sent stream (an admitted GET)
   * already open ends too: the human's cut-off is read in the guard's own store (its
   * `delegationCutoff.cutoffOf`) as the stream opens and again every interval, and the stream is
   * ended, as at its token's `exp`, when a
   * cut-off later than the one read at its opening is recorded at or after the token's `iat`, or
   * when the cut-off read as it opens is one the guard would now refuse the token under (recorded
   * after the guard read the store: its IdP's `iatBackdateSeconds`, its `clockToleranceSeconds`).
   * The MCP SDK's client then opens the stream again, and is refused (401 `invalid_token`,
   * `revoked`). A store that does not answer a read (throws, answers no time, or has not answered
   * when the next read is due, an interval after it started) ends the stream too, fail closed,
   * logging `dual_auth_stream_cutoff_unavailable` (warn: `agent_id`, `human_id`, `error_type`).
   * A POST's answer is never cut. The interval is the longest a stream outlives an ended
   * delegation, plus the store's answer time. One timer per open stream, on `clock`, cleared when
   * the stream ends; each stream reads the store once per interval (10 000 streams every 15 s:
   * about 670 reads a second). Keep it well above the store's answer time under load and its own
   * `timeoutMs` (1 000 ms for `RedisDelegationCutoffStore`): a read not answered when the next is
   * due ends the stream, and streams opened together read together. Default: 15 000 (15 s). A guard without `delegationCutoff` (no
   * `cutoffStore`) re-checks nothing (a stream ends at its token's `exp` at the latest, and no
   * timer but that one runs): this option is then a `ConfigurationError`. A custom guard's
   * `delegationCutoff` outside `{ cutoffOf: a function, iatBackdateSeconds: 0 to 600,
   * clockToleranceSeconds: 0 to 300, humanIdsIgnoreCase?: boolean }`, or whose getter throws, is a `TypeError` when the server
   * is made; it is read then, once, and every stream uses what was checked.
   */
  delegationRecheckIntervalMs?: number;
  /**
   * Gets `dual_auth_stream_cutoff_unavailable` (see `delegationRecheckIntervalMs`). Default: core's
   * `defaultLogger` (`DUAL_AUTH_LOG`).
   */
  logger?: Logger;
}

/** How often an open stream re-reads its human's cut-off by default: 15 s. */
export const DEFAULT_DELEGATION_RECHECK_INTERVAL_MS = 15_000;

const OPTIONS = {
  guard: true,
  resourceServerUrl: true,
  resourceMetadataUrl: true,
  tokenAudience: true,
  sessions: true,
  clock: true,
  delegationRecheckIntervalMs: true,
  logger: true,
} as const satisfies KnownOptions<DualAuthServerOptions>;

// An option the entry once took beside the guard's: the one store is the guard's.
const GIVEN_TO_THE_GUARD = {
  cutoffStore:
    "give it to the guard (createDualAuthGuard({ …, cutoffStore })), whose store the entry's streams re-read",
};

/** The options checked, the metadata URL resolved; `tokenAudience` is in `issuedForThisServer`. */
export interface ResolvedServerOptions
  extends Required<Omit<DualAuthServerOptions, 'tokenAudience' | 'sessions'>> {
  sessions: McpSessionBinding | undefined;
  /**
   * What an open stream re-reads its human's cut-off with; `undefined` for a guard without
   * `delegationCutoff`.
   */
  recheck: DelegationRecheck | undefined;
  /**
   * Whether an admitted token was issued for this server: always for a guard whose `audience` was
   * checked at creation; for a custom guard, when the agent token's `aud` names this server.
   */
  issuedForThisServer(subject: DualSubject): boolean;
}

/** The refusal of an admitted token whose `aud` does not name this server. */
export const NOT_ISSUED_FOR_THIS_SERVER =
  'The access token was not issued for this MCP server (RFC 8707)';

const namesServer = (audience: unknown, expected: string): boolean =>
  typeof audience === 'string' && hrefOf(audience) === expected;

/**
 * Refuses a clock whose `now()` is no time: a NaN delay fires at once, so every stream would be
 * ended as soon as it opened, and an unending one never.
 *
 * @throws ConfigurationError naming `where`, the answer and what to pass.
 */
export function checkClockTime(clock: Clock, where: string): number {
  const now: unknown = clock.now();
  if (typeof now === 'number' && Number.isFinite(now)) return now;
  throw new ConfigurationError({
    message: `${where}: options.clock.now() must answer the time in milliseconds since the epoch (a finite number, as Date.now()), got ${String(now)}: pass a clock such as { now: () => Date.now() }, or none for the system clock`,
  });
}

/**
 * The options checked, with the metadata URL resolved.
 *
 * @param where - The function taking the options (`requireDualAuth`), named in errors.
 * @throws TypeError on a missing guard or URL, a key that is not an option, `sessions` that is
 * not a {@link McpSessionBinding}, or a `clock` that is not a clock.
 * @throws TypeError on a `delegationRecheckIntervalMs` that is not a whole number of milliseconds
 * from 100 to 2^31-1, or a `logger` that is not a logger.
 * @throws ConfigurationError when the `clock`'s `now()` answers no finite number, or
 * `delegationRecheckIntervalMs` is given for a guard without `delegationCutoff`.
 * @throws TypeError when the guard's `delegationCutoff` is not `{ cutoffOf, iatBackdateSeconds,
 * clockToleranceSeconds }` (a function; seconds, 0 to 600 and 0 to 300), as
 * `createDualAuthGuard` gives it, or cannot be read (a getter that throws). It is read once, here.
 * @throws ConfigurationError when `resourceServerUrl` is not HTTPS (`http:` only on
 * loopback), has a fragment or holds credentials (RFC 9728 §2); or when the guard's `audience` names anything
 * but `tokenAudience` (default `resourceServerUrl`): it would admit tokens issued for another resource (MCP
 * authorization, RFC 8707).
 */
export function resolveServerOptions(
  given: DualAuthServerOptions,
  where: string,
): ResolvedServerOptions {
  requireValue(given, 'options', 'object');
  // Own options only: an inherited resourceMetadataUrl would send refused clients elsewhere.
  const options = readOptions(given, OPTIONS, where, GIVEN_TO_THE_GUARD);
  requireValue(options.guard, 'options.guard', 'object');
  requireValue(options.guard.check, 'options.guard.check', 'function');
  requireServerUrl(options.resourceServerUrl);
  const { guard, resourceServerUrl } = options;
  const tokenAudience = checkOption(options, 'tokenAudience', 'string') ?? resourceServerUrl.href;
  if (tokenAudience === '') throw new TypeError('options.tokenAudience must not be empty');
  const expected = hrefOf(tokenAudience);
  // Never the one a polluted Object.prototype gives every object: it would vouch for a custom guard
  // that checks no aud.
  const named = guard.audience;
  const audience = named === ({} as DualAuthGuard).audience ? undefined : named;
  if (audience !== undefined) {
    const foreign = audience.filter((name) => !namesServer(name, expected));
    if (foreign.length > 0) {
      throw new ConfigurationError({
        message: `options.guard accepts tokens for ${foreign.join(', ')}: give this MCP server a guard with audience: '${tokenAudience}' (RFC 8707), or set tokenAudience to the aud your IdP writes for this server`,
      });
    }
  }
  const resourceMetadataUrl =
    options.resourceMetadataUrl ?? protectedResourceMetadataUrl(resourceServerUrl);
  const issuedForThisServer = (subject: DualSubject): boolean => {
    if (audience !== undefined) return true;
    const aud = subject.agent.raw.aud;
    return (Array.isArray(aud) ? aud : [aud]).some((name) => namesServer(name, expected));
  };
  const sessions = checkSessionBinding(checkOption(options, 'sessions', 'object'));
  const clock = checkOption<Clock>(options, 'clock', 'clock') ?? systemClock;
  checkClockTime(clock, where);
  const cutoff = guardCutoffOf(guard);
  const interval = checkOption(options, 'delegationRecheckIntervalMs', 'timeoutMs');
  if (interval !== undefined && cutoff === undefined) {
    throw new ConfigurationError({
      message: `${where}: options.delegationRecheckIntervalMs is how often a stream re-reads its human's cut-off in the guard's cutoffStore, and the guard has none: give the guard a cutoffStore (createDualAuthGuard({ …, cutoffStore }), the store endDelegation writes), or leave delegationRecheckIntervalMs out`,
    });
  }
  const logger = loggerOrDefault(checkOption(options, 'logger', 'logger'));
  const delegationRecheckIntervalMs = interval ?? DEFAULT_DELEGATION_RECHECK_INTERVAL_MS;
  return {
    guard,
    resourceServerUrl,
    resourceMetadataUrl,
    issuedForThisServer,
    sessions,
    clock,
    delegationRecheckIntervalMs,
    logger,
    recheck:
      cutoff === undefined
        ? undefined
        : { cutoff, intervalMs: delegationRecheckIntervalMs, logger },
  };
}

// The guard's `delegationCutoff` as core compares with it: a custom guard's that is not would make
// every stream's first cut-off read throw, ending the stream without a word. Read once, here: what
// is checked is what every stream uses (a custom guard's getter or Proxy may answer otherwise later).
function guardCutoffOf(guard: DualAuthGuard): GuardCutoff | undefined {
  let cutoffOf: unknown;
  let iatBackdateSeconds: unknown;
  let clockToleranceSeconds: unknown;
  let humanIdsIgnoreCase: unknown;
  let valid = false;
  try {
    const cutoff: unknown = guard.delegationCutoff;
    if (cutoff === undefined) return undefined;
    // Each read once (null throws here, a string has none of them).
    ({ cutoffOf, iatBackdateSeconds, clockToleranceSeconds, humanIdsIgnoreCase } =
      cutoff as GuardCutoff);
    valid =
      typeof cutoffOf === 'function' &&
      (humanIdsIgnoreCase === undefined || typeof humanIdsIgnoreCase === 'boolean') &&
      within(iatBackdateSeconds, MAX_IAT_BACKDATE_SECONDS) &&
      within(clockToleranceSeconds, MAX_CLOCK_TOLERANCE_SECONDS);
  } catch {
    // A getter that throws, or null: its own error may name what it holds (a store's URL).
  }
  if (!valid) {
    throw new TypeError(
      'options.guard.delegationCutoff must be { cutoffOf: a function (human id) => Promise<ms since the epoch or undefined> bound to the cut-off store, iatBackdateSeconds: 0 to 600, clockToleranceSeconds: 0 to 300, humanIdsIgnoreCase?: boolean }: give the guard its cutoffStore, or leave delegationCutoff out of a custom guard',
    );
  }
  return Object.freeze({
    cutoffOf,
    iatBackdateSeconds,
    clockToleranceSeconds,
    humanIdsIgnoreCase: humanIdsIgnoreCase === true,
  } as GuardCutoff);
}

function within(value: unknown, max: number): boolean {
  return typeof value === 'number' && value >= 0 && value <= max;
}
