import { endDelegation, InSessionTokenRequest, SingleFlightTokenCache } from '@dual-auth/session';
import { describe, expect, it } from 'vitest';
// The session's DPoP agent instances of the local IdP, shared with its endDelegation test.
import {
  addPayrollAgent,
  dpopAdapter,
  expectRevokedOnly,
  PAYROLL_AGENT,
} from '../../session/test/dpop-agents.js';
import { useLocalIdpProcesses } from '../test/support/local-idp-processes.js';
import { cutoffStoreFor, tokenCacheFor } from '../test/support/stores.js';
import {
  TEST_ENCRYPTION_KEY,
  type TokenCacheRedis,
  useTokenCacheRedis,
} from '../test/support/token-cache-scenario.js';
import type { StoreRedisClient } from './index.js';

// Finding (session 20, user20), as reproduced: agent instances sharing one RedisTokenCache, each
// with the `dpop` option and so its own key, cache each their own DPoP-bound token for the human
// (the prover's id is part of the adapter id). `endDelegation` from another process listed the
// tokens under its own adapter id only: `droppedTokens: 3, revocations: []`, the tokens cut off
// but never revoked at the IdP. A bound token is revoked with the client's authentication alone
// (RFC 7009 §2.1; RFC 9449 has no proof at the revocation endpoint, nor does oidc-provider ask
// one), so the process ending the delegation revokes them all. Each instance here has its own
// Redis connection and adapter; they share a process only to keep the test light.

const at: TokenCacheRedis = useTokenCacheRedis();
// Another agent application, caching in the same Redis.
const local = useLocalIdpProcesses(at, addPayrollAgent);
const PREFIX = 'dpop-revoke:';

// Generous timeouts: a healthy Redis may take over the default 1 s on a busy machine.
const storeOn = (client: StoreRedisClient) =>
  tokenCacheFor(client, { prefix: PREFIX, encryptionKeys: [TEST_ENCRYPTION_KEY] });

describe('endDelegation over a shared RedisTokenCache whose agent instances bind tokens to their own DPoP keys (local keycloak IdP, opaque tokens)', () => {
  /** A token request class of one instance: its own adapter and Redis connection. */
  async function instance(agentId = 'finance-agent') {
    const client = await local.connect();
    const adapter = await dpopAdapter(local.idp, agentId);
    const cache = new SingleFlightTokenCache({ store: storeOn(client) });
    const tokens = new InSessionTokenRequest({ adapter, cache });
    return {
      adapter,
      client,
      ask: (sub: string) => tokens.requestToken({ agentId, act: { sub }, scope: ['finance.read'] }),
    };
  }

  it("revokes every instance's token of the human for that agent from a process that cached none; no other human's or agent's", async () => {
    const [a, b, payroll, admin] = await Promise.all([
      instance(),
      instance(),
      instance(PAYROLL_AGENT),
      instance(),
    ]);
    const [alice, bob] = [...local.idp.humans.values()];
    if (alice === undefined || bob === undefined) throw new Error('two humans expected');
    const aliceA = await a.ask(alice.sub);
    const aliceB = await b.ask(alice.sub);
    const bobA = await a.ask(bob.sub);
    const alicePayroll = await payroll.ask(alice.sub);
    for (const token of [aliceA, aliceB, bobA, alicePayroll]) expect(token.tokenType).toBe('DPoP');
    expect(aliceB.accessToken).not.toBe(aliceA.accessToken);

    const ended = await endDelegation({
      human: alice.sub,
      cache: storeOn(admin.client),
      adapter: admin.adapter,
      cutoffStore: cutoffStoreFor(admin.client, { prefix: PREFIX }),
    });

    expect(ended.droppedTokens).toBe(3);
    // Attack: another human's token, and the human's token of another agent, stay as they were.
    await expectRevokedOnly(local.idp, ended, {
      revoked: [aliceA, aliceB],
      kept: [bobA, alicePayroll],
    });
  });
});
