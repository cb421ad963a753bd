import { request as httpRequest } from 'node:http';
import type { DualAuthAuditEvent } from '@dual-auth/core';
import { serve } from '@hono/node-server';
import { exportSPKI } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerToHangUp } from '../../test/support/hung-introspection.js';
import { idpJwksPerSuite } from '../../test/support/idp-jwks-per-suite.js';
import { describeMiddleware, openEventStream } from '../../test/support/middleware-scenario.js';
import { runningApp } from '../../test/support/running-app.js';
import {
  accessToken,
  createSigningKey,
  type JwksServer,
  type SigningKey,
} from '../../test/support/token-kit.js';
import { scenarioGuardOptions } from '../../test/support/vendor-scenario.js';
import { getDualSubject, withDualAuth } from './index.js';

describeMiddleware(
  'fetch handler',
  async (options) => {
    const handler = withDualAuth(
      (request) => {
        const account = new URL(request.url).pathname.split('/').at(-1);
        if (account === '404') return Response.json({ error: 'not_found' }, { status: 404 });
        if (account === '500') throw new Error('route failed');
        if (account === 'stream') {
          return new Response(openEventStream(), {
            headers: { 'content-type': 'text/event-stream' },
          });
        }
        const subject = getDualSubject(request);
        return Response.json({ agent: subject?.agent.id, human: subject?.human.sub });
      },
      {
        ...options,
        // The path as written: @hono/node-server hands on a Host the URL parser refuses (999.1.1.1).
        route: (request) =>
          request.url.replace(/^[^/]*\/\/[^/]*|[?#].*$/g, '').replace(/\d+$/, ':id'),
      },
    );
    const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' });
    return runningApp(server);
  },
  '/api/accounts/:id',
);

describe('withDualAuth: the record of an admission', () => {
  let idpKey: SigningKey;
  let jwks: JwksServer;
  let appPem: string;
  const audits: DualAuthAuditEvent[] = [];
  idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
  beforeAll(async () => {
    appPem = await exportSPKI((await createSigningKey('app')).publicKey);
  });

  const admitted = async () =>
    new Request('https://api.example.com/api/accounts/42', {
      headers: { authorization: `Bearer ${await accessToken('okta', idpKey)}` },
    });
  const options = () =>
    scenarioGuardOptions('okta', { jwks, appPem, onDecision: (event) => void audits.push(event) });

  it('records null for a handler answering Response.error() (status 0), and passes it on', async () => {
    audits.length = 0;
    const response = await withDualAuth(() => Response.error(), options())(await admitted());
    expect(response.type).toBe('error');
    expect(audits.map((event) => [event.decision, event.status])).toEqual([['ALLOW', null]]);
  });

  // @hono/node-server hands on the client's Host unchecked: request.url can be a URL the parser
  // refuses (Host: 999.1.1.1, a host to RFC 3986). The default route parsed it and threw out of
  // the wrapper: a 500 with no record, for any client that writes such a Host.
  it('audits the path of a request whose Host the URL parser refuses, instead of throwing', async () => {
    audits.length = 0;
    const handler = withDualAuth(() => new Response('done'), options());
    const running = await runningApp(serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }));
    try {
      const authorization = `Bearer ${await accessToken('okta', idpKey)}`;
      const status = await new Promise((resolve, reject) => {
        httpRequest(`${running.url}/api/accounts/42?x=1`, {
          headers: { host: '999.1.1.1', authorization },
        })
          .on('response', (response) => resolve(response.resume().statusCode))
          .on('error', reject)
          .end();
      });
      expect(status).toBe(200);
      expect(audits.map((event) => [event.decision, event.route])).toEqual([
        ['ALLOW', '/api/accounts/:redacted'],
      ]);
    } finally {
      await running.close();
    }
  });

  it('gives onDecision the record and the handler its answer when the logger throws', async () => {
    audits.length = 0;
    const logger = {
      debug() {},
      info() {
        throw new Error('log sink down');
      },
      warn() {},
      error() {},
    };
    const handler = withDualAuth(() => new Response('done', { status: 201 }), {
      ...options(),
      logger,
    });
    const response = await handler(await admitted());
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('done');
    expect(audits.map((event) => [event.decision, event.status])).toEqual([['ALLOW', 201]]);
  });
});

describe('withDualAuth: a request its client hung up on while its token waited for introspection', () => {
  let jwks: JwksServer;
  idpJwksPerSuite((started) => ({ jwks } = started));

  it('is answered 499, not 503, and audited request_aborted with no status', async () => {
    const { response, audits } = await answerToHangUp(jwks, (options) =>
      withDualAuth(() => new Response('never'), options),
    );
    expect(response.status).toBe(499);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(audits.map((a) => [a.reason, a.status])).toEqual([['request_aborted', null]]);
  });
});
