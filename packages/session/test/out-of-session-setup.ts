import { HybridSender } from '../src/hybrid-sender.js';
import {
  OutOfSessionTokenRequest,
  type OutOfSessionTokenRequestOptions,
} from '../src/out-of-session-token-request.js';
import { CountingAdapter, ManualClock } from './counting-adapter.js';
import type { TestKeyPair } from './keys.js';

/** The agent endpoint the act JWTs of these tests are for. */
export const AGENT_ENDPOINT = 'https://agent.example.com/invoke';

/** What an agent of {@link outOfSessionSetup} may be given besides its adapter, key and clock. */
export type AgentOptions = Pick<
  OutOfSessionTokenRequestOptions,
  'logger' | 'cutoffStore' | 'cache'
>;

/**
 * An application (`sender`) and an agent (`outOfSession` over a counting adapter, with `agent`'s
 * logger, cut-off store and cache when given) on one clock (`clock`, or a new one); the adapter
 * declares `iatBackdateSeconds` when given (an Entra-like IdP).
 */
export function outOfSessionSetup(
  app: TestKeyPair,
  {
    clock = new ManualClock(),
    iatBackdateSeconds,
    ...agent
  }: AgentOptions & { clock?: ManualClock; iatBackdateSeconds?: number | undefined } = {},
) {
  const adapter = new CountingAdapter({ now: () => clock.now(), iatBackdateSeconds });
  const sender = new HybridSender({ privateKey: app.privatePem, clock });
  const outOfSession = new OutOfSessionTokenRequest({
    adapter,
    publicKey: app.publicPem,
    expectedAudience: AGENT_ENDPOINT,
    clock,
    ...agent,
  });
  return { clock, adapter, sender, outOfSession };
}
