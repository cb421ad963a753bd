import { ActVerificationError, humanIdForLogging, type IamAdapter } from '@dual-auth/core';
import { dualAuthFetch, ResourceRefusedError } from '@dual-auth/mcp/client';
import {
  HybridSender,
  InSessionTokenRequest,
  OutOfSessionTokenRequest,
  UserSession,
} from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import {
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callBalance } from './call-balance.js';
import {
  actOf,
  adapterFor,
  SCOPE,
  type Scenario,
  startScenario,
  textOf,
  VENDORS,
} from './local-scenario.js';

describe.each(VENDORS)(
  'the example MCP server and client over HTTPS with the local %s IdP',
  (vendor) => {
    let scenario: Scenario;
    let adapter: (agentId: string) => Promise<IamAdapter>;

    beforeAll(async () => {
      scenario = await startScenario(vendor);
      const { idp } = scenario;
      adapter = (agentId) => adapterFor(idp, agentId);
    });
    afterAll(async () => {
      await scenario?.server.close();
      await scenario?.idp.close();
    });

    const connection = async (
      agentId: string,
      url = scenario.mcpUrl,
      resourceMetadata: 'require' | 'off' = 'require',
    ) => ({
      serverUrl: url,
      fetch: dualAuthFetch({
        origin: url,
        tokenRequest: new InSessionTokenRequest({ adapter: await adapter(agentId) }),
        agentId,
        scope: SCOPE,
        fetch: scenario.server.fetch,
        resourceMetadata,
      }),
    });

    it.each([
      ['finance-agent', 'alice', undefined],
      ['intern-agent', 'alice', 'agent'],
      ['finance-agent', 'bob', 'human'],
      ['intern-agent', 'bob', 'both'],
    ])('a tool call by %s for %s: refused side %s', async (agentId, username, failedSide) => {
      const act = actOf(scenario.idp, username);
      const mcp = await connection(agentId);
      const result = await runWithAct(act, () => callBalance(mcp, 'acc-1'));
      if (failedSide === undefined) {
        expect(result.isError).toBeFalsy();
        expect(textOf(result)).toEqual({
          account: 'acc-1',
          balance: 42,
          agent: agentId,
          human: act.sub,
        });
      } else {
        expect(result.isError).toBe(true);
        expect(textOf(result)).toMatchObject({
          error: 'insufficient_scope',
          failed_side: failedSide,
        });
      }
      expect(scenario.toolAudits.at(-1)).toMatchObject({
        decision: failedSide === undefined ? 'ALLOW' : 'DENY',
        failed_side: failedSide ?? null,
        route: 'tools/balance',
        agent_id: agentId,
        human_id: humanIdForLogging(act),
        vendor,
      });
    });

    it('each tool call carries the human of its own context', async () => {
      const mcp = await connection('finance-agent');
      const [alice, bob] = await Promise.all([
        runWithAct(actOf(scenario.idp, 'alice'), () => callBalance(mcp, 'acc-1')),
        runWithAct(actOf(scenario.idp, 'bob'), () => callBalance(mcp, 'acc-1')),
      ]);
      expect(textOf(alice).human).toBe(actOf(scenario.idp, 'alice').sub);
      expect(textOf(bob)).toMatchObject({ failed_side: 'human' });
    });

    it('answers 401 with the resource_metadata pointer, and the metadata is served and discovered', async () => {
      const { server, mcpUrl, idp } = scenario;
      const response = await server.fetch(mcpUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(401);
      const { resourceMetadataUrl } = extractWWWAuthenticateParams(response);
      const pointer = `${server.url}/.well-known/oauth-protected-resource/mcp`;
      expect(resourceMetadataUrl?.href).toBe(pointer);
      const metadata = await discoverOAuthProtectedResourceMetadata(
        mcpUrl,
        { resourceMetadataUrl: pointer },
        server.fetch,
      );
      expect(metadata).toMatchObject({
        resource: mcpUrl.href,
        authorization_servers: [idp.issuer],
        bearer_methods_supported: ['header'],
      });
    });

    it('answers 405 to GET before checking credentials, so no ALLOW 200 is audited for it', async () => {
      const { server, mcpUrl, idp } = scenario;
      const token = await new InSessionTokenRequest({
        adapter: await adapter('finance-agent'),
      }).requestToken({ agentId: 'finance-agent', act: actOf(idp, 'alice'), scope: SCOPE });
      const audited = scenario.serverAudits.length;
      const response = await server.fetch(mcpUrl, {
        headers: { authorization: `Bearer ${token.accessToken}` },
      });
      expect(response.status).toBe(405);
      expect(scenario.serverAudits.slice(audited)).toEqual([]);
    });

    it('the client sends no token to a server that is not the resource the token is for', async () => {
      const audited = scenario.serverAudits.length;
      const mcp = await connection('finance-agent', scenario.otherUrl);
      const call = runWithAct(actOf(scenario.idp, 'alice'), () => callBalance(mcp, 'acc-1'));
      await expect(call).rejects.toThrow(ResourceRefusedError);
      expect(scenario.serverAudits.slice(audited)).toEqual([]);
    });

    it('refuses a token issued for another resource (no passthrough)', async () => {
      // The client's check off: the server refuses the token itself.
      const mcp = await connection('finance-agent', scenario.otherUrl, 'off');
      const call = runWithAct(actOf(scenario.idp, 'alice'), () => callBalance(mcp, 'acc-1'));
      await expect(call).rejects.toThrow(/401|invalid_token/);
      expect(scenario.serverAudits.at(-1)).toMatchObject({
        decision: 'DENY',
        status: 401,
        reason: 'access_token.wrong_audience',
        route: '/other/mcp',
      });
    });

    it('an act JWT given to a remote agent opens MCP calls once; replayed, it is refused', async () => {
      const { idp } = scenario;
      const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
      const agentEndpoint = 'https://agent.example.com/invoke';
      const act = sender.extractActFromSession(
        new UserSession({ userId: actOf(idp, 'alice').sub }),
      );
      const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint });
      const outOfSession = new OutOfSessionTokenRequest({
        adapter: await adapter('finance-agent'),
        publicKey: idp.app.publicKeyPem,
      });
      const request = {
        actJwt,
        agentId: 'finance-agent',
        scope: SCOPE,
        expectedAudience: agentEndpoint,
      };
      const tokenProvider = await outOfSession.tokenProviderFromJwt(request);
      const mcp = {
        serverUrl: scenario.mcpUrl,
        fetch: dualAuthFetch({
          origin: scenario.mcpUrl,
          tokenProvider,
          fetch: scenario.server.fetch,
        }),
      };
      expect(textOf(await callBalance(mcp, 'acc-1')).human).toBe(act.sub);
      const replay = outOfSession.tokenProviderFromJwt(request);
      await expect(replay).rejects.toSatisfy(
        (error) => ActVerificationError.isInstance(error) && error.reason === 'replayed',
      );
    });

    // Only Entra ID's hybrid layout sends an act assertion beside the token.
    if (vendor === 'entraid')
      it('refuses an act assertion replayed with another access token', async () => {
        const { idp, server, mcpUrl } = scenario;
        const tokens = new InSessionTokenRequest({ adapter: await adapter('finance-agent') });
        const request = { agentId: 'finance-agent', act: actOf(idp, 'alice'), scope: SCOPE };
        const first = await tokens.tokenProvider(request).getToken({});
        const second = await tokens.tokenProvider(request).getToken({ forceRefresh: true });
        expect(second.accessToken).not.toBe(first.accessToken);
        const post = (accessToken: string, actAssertion: string | undefined) =>
          server.fetch(mcpUrl, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${accessToken}`,
              'x-act-assertion': actAssertion ?? '',
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
            },
            body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
          });
        expect((await post(first.accessToken, first.actAssertion)).status).toBe(200);
        const replayed = await post(second.accessToken, first.actAssertion);
        expect(replayed.status).toBe(401);
        expect(replayed.headers.get('www-authenticate')).toMatch(
          /^Bearer error="invalid_token", .*resource_metadata="/,
        );
        expect(scenario.serverAudits.at(-1)?.reason).toBe('act_assertion.replayed');
      });

    it('audits hold ids only: no token, email or name', () => {
      const text = JSON.stringify([...scenario.serverAudits, ...scenario.toolAudits]);
      for (const human of scenario.idp.humans.values()) {
        if (human.email) expect(text).not.toContain(human.email);
        if (human.name) expect(text).not.toContain(human.name);
      }
      expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);
    });
  },
);
