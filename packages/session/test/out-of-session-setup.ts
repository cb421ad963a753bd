import { HybridSender } from '../src/hybrid-sender.js';
import { OutOfSessionTokenRequest } from '../src/out-of-session-token-request.js';
import { CountingAdapter, ManualClock } from './counting-adapter.js';
import type { TestKeyPair } from './keys.js';

/** The agent endpoint the act JWTs of these tests are for. */
export const AGENT_ENDPOINT = 'https://agent.example.com/invoke';

/** An application (`sender`) and an agent (`outOfSession` over a counting adapter) on one clock. */
export function outOfSessionSetup(app: TestKeyPair) {
  const clock = new ManualClock();
  const adapter = new CountingAdapter({ now: () => clock.now() });
  const sender = new HybridSender({ privateKey: app.privatePem, clock });
  const outOfSession = new OutOfSessionTokenRequest({
    adapter,
    publicKey: app.publicPem,
    expectedAudience: AGENT_ENDPOINT,
    clock,
  });
  return { clock, adapter, sender, outOfSession };
}
