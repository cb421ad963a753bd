import { setDefaultLogger } from '@dual-auth/core';
import { HybridSender, InSessionTokenRequest, OutOfSessionTokenRequest } from '@dual-auth/session';
import { createRecordingLogger, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { serve } from '@hono/node-server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, headersOf } from '../test/support/local-idp-scenario.js';
import { runningApp } from '../test/support/running-app.js';
import { VENDORS } from '../test/support/vendors.js';
import { getDualSubject, withDualAuth } from './fetch/index.js';

const SCOPE = ['finance.read'];
const AGENT_ENDPOINT = 'https://agent.example/invoke';

afterEach(() => setDefaultLogger(undefined));

async function startApi(idp: LocalIdp) {
  const handler = withDualAuth(
    (request) => Response.json({ human: getDualSubject(request)?.human.sub }),
    {
      ...idpGuardOptions(idp),
      // Both sides allowed: this run is about what gets logged, not about the decision.
      agentAllowed: () => true,
      humanAllowed: () => true,
    },
  );
  const app = await runningApp(serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }));
  return {
    url: `${app.url}/api/balance`,
    close: app.close,
  };
}

describe.each(VENDORS)('leak scan of every log event, local %s IdP', (vendor) => {
  let idp: LocalIdp | undefined;
  afterAll(async () => idp?.close());

  it('in-session + out-of-session + resource: no token, secret, key, email or name in any field', async () => {
    // Every object below is built without a logger: the default logger reaches all of them.
    const logger = createRecordingLogger();
    setDefaultLogger(logger);
    idp = await startLocalIdp({ vendor });
    const api = await startApi(idp);
    try {
      const adapter = await adapterFor(idp, 'finance-agent');
      const act = actOf(idp, 'alice');
      const secrets: string[] = [idp.app.privateKeyPem];
      const secret = idp.env('finance-agent').AGENT_CLIENT_SECRET;
      if (secret) secrets.push(secret);
      for (const value of [act.email, act.name]) {
        // Entra's act.sub is the UPN, an IAM id that may equal the email.
        if (typeof value === 'string' && value !== act.sub) secrets.push(value);
      }

      const inSession = await new InSessionTokenRequest({ adapter, cache: false }).requestToken({
        agentId: 'finance-agent',
        act,
        scope: SCOPE,
      });
      const sender = new HybridSender({
        privateKey: idp.app.privateKeyPem,
        includeEmail: true,
        includeName: true,
      });
      const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: AGENT_ENDPOINT });
      const outOfSession = await new OutOfSessionTokenRequest({
        adapter,
        publicKey: idp.app.publicKeyPem,
        cache: false,
      }).requestTokenFromJwt({
        actJwt,
        agentId: 'finance-agent',
        scope: SCOPE,
        expectedAudience: AGENT_ENDPOINT,
      });
      for (const token of [inSession, outOfSession]) {
        secrets.push(token.accessToken, ...(token.actAssertion ? [token.actAssertion] : []));
        const response = await fetch(api.url, { headers: headersOf(token) });
        expect(response.status).toBe(200);
      }
      secrets.push(actJwt);

      const events = new Set(logger.records.map((r) => r.event));
      for (const expected of [
        'adapter_initialized',
        'insession_token_request_success',
        'act_prepared_out_of_session',
        'jwt_verified',
        'outofsession_token_request_success',
      ]) {
        expect(events).toContain(expected);
      }
      const fields = logger.records.flatMap((r) =>
        Object.entries(r.fields ?? {}).map(([name, value]) => [
          r.event,
          name,
          JSON.stringify(value),
        ]),
      );
      expect(fields.length).toBeGreaterThan(20);
      const leaks = fields.filter(([, , value]) =>
        secrets.some((s) => value?.includes(s) || value?.includes(s.slice(0, 40))),
      );
      expect(leaks).toEqual([]);
      // No JWT-shaped value at all (header.payload.signature, base64url).
      expect(fields.filter(([, , v]) => /eyJ[\w-]+\.[\w-]+\.[\w-]*/.test(v ?? ''))).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
