import { endDelegation, InSessionTokenRequest, SingleFlightTokenCache } from '@dual-auth/session';
import { createRecordingLogger, introspectToken } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { dpopAdapter } from '../../session/test/dpop-agents.js';
import { useLocalIdpProcesses } from '../test/support/local-idp-processes.js';
import { cutoffStoreFor, tokenCacheFor } from '../test/support/stores.js';
import { type TokenCacheRedis, useTokenCacheRedis } from '../test/support/token-cache-scenario.js';

// Finding (session 36, a new user): a web app's logout handler called `endDelegation` with a
// `RedisTokenCache` built under the web app's own encryption key, while the agents' tokens in the
// shared Redis were sealed under the agents' key. It answered `droppedTokens: 1, revocations: []`
// ("nothing to revoke") while the agent's access token stayed live at the IdP; only a
// `token_cache_unreadable` warning in the log told. The answer now counts what it could not open.

const at: TokenCacheRedis = useTokenCacheRedis();
const local = useLocalIdpProcesses(at);
// Fixed test values, no secrets.
const AGENTS_KEY = { id: 'agents', key: Buffer.alloc(32, 3).toString('base64') };
const WEB_APP_KEY = { id: 'web-app', key: Buffer.alloc(32, 4).toString('base64') };
let run = 0;

describe('endDelegation over a shared RedisTokenCache whose agent sealed the tokens under another key (local keycloak IdP, opaque tokens)', () => {
  /** A process on its own Redis connection: its adapter and a cache under `keys`. */
  async function processWith(prefix: string, keys: (typeof AGENTS_KEY)[]) {
    const client = await local.connect();
    const adapter = await dpopAdapter(local.idp, 'finance-agent', { dpop: false });
    const store = tokenCacheFor(client, { prefix, encryptionKeys: keys });
    const cutoffStore = cutoffStoreFor(client, { prefix });
    return { adapter, cache: new SingleFlightTokenCache({ store }), cutoffStore };
  }

  /** The agent asks a token for the human; the web app then ends the human's delegation. */
  async function endWith(webAppKeys: (typeof AGENTS_KEY)[]) {
    const prefix = `unreadable${++run}:`;
    const agent = await processWith(prefix, [AGENTS_KEY]);
    const [alice] = [...local.idp.humans.values()];
    if (alice === undefined) throw new Error('a human expected');
    const token = await new InSessionTokenRequest(agent).requestToken({
      agentId: 'finance-agent',
      act: { sub: alice.sub },
      scope: ['finance.read'],
    });
    const webApp = await processWith(prefix, webAppKeys);
    const logger = createRecordingLogger();
    const ended = await endDelegation({ human: alice.sub, ...webApp, logger });
    return { token, ended, logger, agent, human: alice.sub };
  }

  it('reports the token it could not open, which stays live at the IdP, rather than an answer that reads "nothing to revoke"', async () => {
    const { token, ended, logger } = await endWith([WEB_APP_KEY]);
    expect(ended.droppedTokens).toBe(1);
    expect(ended.revocations).toEqual([]);
    expect(ended.unreadableTokens).toBe(1);
    // The truth it tells: the agent's token was not revoked.
    expect(await introspectToken(local.idp, token.accessToken)).toMatchObject({ active: true });
    // Ids and counts only in the log.
    const line = logger.records.find((record) => record.event === 'delegation_ended');
    expect(line?.fields).toMatchObject({
      dropped_tokens: 1,
      revoked_tokens: 0,
      unreadable_tokens: 1,
    });
    expect(JSON.stringify(logger.records)).not.toContain(token.accessToken);
  }, 60_000);

  it("with the agents' key listed (the README's advice), opens and revokes it: nothing unreadable", async () => {
    const { token, ended } = await endWith([WEB_APP_KEY, AGENTS_KEY]);
    expect(ended.droppedTokens).toBe(1);
    expect(ended.revocations).toEqual([{ status: 'revoked', endpoint: local.idp.revocationUrl }]);
    expect(ended.unreadableTokens).toBe(0);
    expect(await introspectToken(local.idp, token.accessToken)).toEqual({ active: false });
  }, 60_000);

  // Finding (carried since session 37): the web app's call deleted the entry it could not open, so
  // the agents' own call found nothing left to revoke and the token stayed live until its exp.
  it("keeps what it could not open, so the same call with the agents' key revokes it at the IdP", async () => {
    const { token, agent, human } = await endWith([WEB_APP_KEY]);
    const again = await endDelegation({ human, ...agent });
    expect(again.revocations).toEqual([{ status: 'revoked', endpoint: local.idp.revocationUrl }]);
    expect(again.unreadableTokens).toBe(0);
    expect(await introspectToken(local.idp, token.accessToken)).toEqual({ active: false });
    // Revoked, then dropped: a third call finds nothing.
    const third = await endDelegation({ human, ...agent });
    expect(third).toMatchObject({ droppedTokens: 0, revocations: [], unreadableTokens: 0 });
  }, 60_000);
});
