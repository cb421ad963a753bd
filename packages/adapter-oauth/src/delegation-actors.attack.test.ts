import { TokenRequestError } from '@dual-auth/core';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exchangeSubjectToken,
  unsignedJwt as jwt,
  NOW_SECONDS,
  tokenExchangeAdapter,
} from '../test/support/token-exchange-adapter.js';

// An attacker review of RFC 8693 token exchange against an authorization server that does not
// keep the rules: one that ignores the human's may_act (§4.4: who may act for the human), and one
// that writes earlier actors (§4.1 nested act) into the issued token that the human's token never
// had, attributing the delegation to an agent that took no part in it.
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:token-type:access_token';

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

function exchange(subject: Record<string, unknown> | string, issuedAct: unknown) {
  server.reply({
    status: 200,
    body: {
      access_token: jwt({
        sub: 'u-1',
        act: issuedAct,
        client_id: 'agent-1',
        exp: NOW_SECONDS + 300,
      }),
      token_type: 'Bearer',
      issued_token_type: TOKEN_EXCHANGE,
    },
  });
  return exchangeSubjectToken(
    tokenExchangeAdapter(server),
    typeof subject === 'string' ? subject : jwt(subject),
  );
}

const human = { sub: 'u-1', aud: 'agent-1', exp: NOW_SECONDS + 600 };

describe('OAuthAdapter token exchange: the subject token names who may act (may_act)', () => {
  it.each([
    ['another agent', { sub: 'other-agent' }],
    ['no actor id', { client_id: 'agent-1' }],
    ['not an object', 'agent-1'],
  ])('refuses, before any request, a subject token whose may_act names %s', async (_n, mayAct) => {
    const sent = server.requests.length;
    const refused = await exchange({ ...human, may_act: mayAct }, { sub: 'agent-1' }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as Error).message).toMatch(/may_act/);
    expect((refused as Error).message).toMatch(/AGENT_CLIENT_ID/);
    expect((refused as Error).message).not.toContain('other-agent');
    expect(server.requests.length).toBe(sent);
  });

  it('exchanges a subject token whose may_act names this agent, or that has none', async () => {
    await expect(
      exchange({ ...human, may_act: { sub: 'agent-1' } }, { sub: 'agent-1' }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
    await expect(exchange(human, { sub: 'agent-1' })).resolves.toMatchObject({
      tokenType: 'Bearer',
    });
  });
});

describe('OAuthAdapter token exchange: the earlier actors of the issued act are the subject token’s', () => {
  const deep = (depth: number): Record<string, unknown> => {
    let act: Record<string, unknown> = { sub: 'agent-x0' };
    for (let i = 1; i < depth; i++) act = { sub: `agent-x${i}`, act };
    return act;
  };

  it.each([
    [
      'an earlier actor the human’s token never had',
      { sub: 'agent-1', act: { sub: 'other-agent' } },
      human,
    ],
    ['a chain 50 actors deep', { sub: 'agent-1', act: deep(49) }, human],
    [
      'another earlier actor than the subject token’s',
      { sub: 'agent-1', act: { sub: 'other-agent' } },
      { ...human, act: { sub: 'agent-0' } },
    ],
    [
      'the subject token’s earlier actor left out',
      { sub: 'agent-1' },
      { ...human, act: { sub: 'agent-0' } },
    ],
  ])('refuses an issued token with %s, without naming it', async (_n, issuedAct, subject) => {
    const refused = await exchange(subject, issuedAct).catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/act\.act/);
    expect((refused as Error).message).toMatch(/check /);
    expect((refused as Error).message).not.toContain('other-agent');
  });

  it('takes the subject token’s own chain behind this agent (RFC 8693 §4.1)', async () => {
    await expect(
      exchange({ ...human, act: { sub: 'agent-0' } }, { sub: 'agent-1', act: { sub: 'agent-0' } }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('takes the client the human signed in to as the one earlier actor, as Auth0 nests it', async () => {
    await expect(
      exchange({ ...human, azp: 'web-app' }, { sub: 'agent-1', act: { sub: 'web-app' } }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
    const refused = await exchange(
      { ...human, azp: 'web-app' },
      { sub: 'agent-1', act: { sub: 'web-app', act: { sub: 'other-agent' } } },
    ).catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(refused)).toBe(true);
  });

  it('does not compare the chain of an opaque subject token, which it cannot read', async () => {
    await expect(
      exchange('opaque-subject-token', { sub: 'agent-1', act: { sub: 'agent-0' } }),
    ).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});
