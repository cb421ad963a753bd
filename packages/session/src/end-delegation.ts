import {
  type Clock,
  checkOption,
  type DelegationCutoffStore,
  defaultLogger,
  type Logger,
  requireValue,
  systemClock,
} from '@dual-auth/core';

/** What {@link endDelegation} takes. */
export interface EndDelegationOptions {
  /** The human's IAM id (`act.sub`): never an email or a name. */
  human: string;
  /**
   * The token cache of the request classes (`SingleFlightTokenCache`, or any `TokenCache`): every
   * token cached for the human is dropped. With a shared store (`RedisTokenCache`) that is every
   * instance's.
   */
  cache?: { invalidate(sub: string): Promise<number> } | undefined;
  /**
   * Where the cut-off goes; give the same store to `OutOfSessionTokenRequest` (or
   * `ActJwtVerifier`) and to the API guard's `cutoffStore`. Shared (Redis) across instances.
   */
  cutoffStore: DelegationCutoffStore;
  /**
   * How long the cut-off is kept, in ms: at least the longest lifetime of a credential that can
   * carry the human (act JWTs: 300 s; access tokens: up to 24 h at Auth0). Default 86 400 000.
   */
  keepMs?: number | undefined;
  clock?: Clock | undefined;
  logger?: Logger | undefined;
}

/** What {@link endDelegation} did. */
export interface EndedDelegation {
  /** The cut-off, in ms since epoch: credentials for the human issued up to then are refused. */
  readonly cutoffMs: number;
  /** How many cached tokens were dropped (0 without `cache`). */
  readonly droppedTokens: number;
}

const DEFAULT_KEEP_MS = 86_400_000;

/**
 * Ends every delegation of one human (logout, an admin disabling them): records the human's
 * cut-off first, so an act JWT or an access token issued before it is refused from now on
 * (`revoked`) wherever the same store is read, then drops the human's cached tokens. Tokens already
 * issued by the IdP stay valid there until they expire (or until revoked where the IdP supports
 * RFC 7009); the cut-off is what stops them at the agent and at the API.
 *
 * @throws TypeError naming a wrong option; the store's error when it cannot record the cut-off
 * (nothing is dropped then, so the caller can retry).
 * @example
 * const cutoffStore = new RedisDelegationCutoffStore({ client });
 * await endDelegation({ human: session.act.sub, cache, cutoffStore });
 */
export async function endDelegation(options: EndDelegationOptions): Promise<EndedDelegation> {
  requireValue(options, 'options', 'object');
  const human = requireValue(options.human, 'options.human', 'string');
  if (human === '') throw new TypeError('options.human must be a non-empty string');
  requireValue(options.cutoffStore, 'options.cutoffStore', 'object');
  const keepMs = checkOption(options, 'keepMs', 'milliseconds') ?? DEFAULT_KEEP_MS;
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  const logger = checkOption(options, 'logger', 'logger') ?? defaultLogger;
  const cutoffMs = clock.now();
  await options.cutoffStore.endDelegation(human, cutoffMs, keepMs);
  const droppedTokens = options.cache === undefined ? 0 : await options.cache.invalidate(human);
  logger.info('delegation_ended', { human_id: human, dropped_tokens: droppedTokens });
  return { cutoffMs, droppedTokens };
}
