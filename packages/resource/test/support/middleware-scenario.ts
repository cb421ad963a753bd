import { request as httpRequest } from 'node:http';
import type { DualAuthAuditEvent } from '@dual-auth/core';
import { calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accessTokenDigest } from '../../src/access-token-digest.js';
import type { DualAuthGuard, DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import type { GuardDecision } from '../../src/guard-decision.js';
import { hungIntrospection } from './hung-introspection.js';
import { idpJwksPerSuite } from './idp-jwks-per-suite.js';
import {
  accessToken,
  actAssertion,
  createSigningKey,
  ENTRA_HUMAN,
  type JwksServer,
  NOW,
  type SigningKey,
  VENDOR_SETUP,
} from './token-kit.js';
import { AGENT_RULE, HUMAN_ID, scenarioGuardOptions } from './vendor-scenario.js';
import type { Vendor } from './vendors.js';

/**
 * A GET with header lines sent exactly as listed, repeats included (fetch would merge them into
 * one line before they reach the wire). A raw header list carries no automatic `Host`: `url`'s,
 * or `host` as given (a client's text, which fetch would not send).
 */
export function rawGet(
  url: string,
  lines: [string, string][],
  host?: string,
): Promise<{ status: number; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        // A hash too: a client that sends its `#` (find-my-way reads a query from it).
        path: `${target.pathname}${target.search}${target.hash}`,
        headers: ['Host', host ?? target.host, ...lines.flat()],
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** The first event of the stream that account `stream` answers; the stream then stays open. */
export const FIRST_EVENT = 'data: 0\n\n';

/** A body of server-sent events that sends {@link FIRST_EVENT} and never ends. */
export function openEventStream(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(FIRST_EVENT));
    },
  });
}

/**
 * A guard written before `recordStatus` existed: it admits every request, and its admission
 * has no `recordStatus`. `routeRan()` tells whether a route read the subject it was handed.
 */
function guardWithoutRecordStatus(): { guard: DualAuthGuard; routeRan: () => boolean } {
  let ran = false;
  const admission = {
    decision: 'ALLOW',
    status: 200,
    subject: {
      get agent() {
        ran = true;
        return { id: 'agent-1' };
      },
      human: { sub: 'human-1' },
    },
  } as unknown as GuardDecision;
  const check = async () => admission;
  return { guard: { check, checkRequest: check }, routeRan: () => ran };
}

/**
 * A framework app under test, listening on loopback. Its route answers the subjects it was given,
 * except for account `404` (it answers 404), account `500` (the route throws) and account
 * `stream` (it answers 200 with an event stream that sends {@link FIRST_EVENT} and stays open).
 */
export interface RunningApp {
  /** Base URL; the app serves `GET /api/accounts/:id` behind the middleware. */
  url: string;
  close(): Promise<void>;
}

/** Starts the framework's app with the middleware built from these options. */
export type StartApp = (options: DualAuthGuardOptions | DualAuthGuard) => Promise<RunningApp>;

/**
 * The same checks for every framework, through real HTTP requests on loopback: the route sees the
 * verified subjects; 401 with an RFC 6750 challenge; 403 naming the failed side; Entra's second
 * header passes through; the audited route.
 */
export function describeMiddleware(
  framework: string,
  start: StartApp,
  expectedRoute: string,
): void {
  describe(`${framework} middleware over real HTTP`, () => {
    let idpKey: SigningKey;
    let appKey: SigningKey;
    let jwks: JwksServer;
    const apps: Partial<Record<Vendor, RunningApp>> = {};
    const audits: DualAuthAuditEvent[] = [];
    const awaited = new Map<string, (event: DualAuthAuditEvent) => void>();
    // Express and Fastify write an admission's record once the answer is sent, which may be just
    // after the client has read it: wait for the record of the request (by its X-Request-Id).
    const auditOf = (requestId: string): Promise<DualAuthAuditEvent> => {
      const written = audits.find((event) => event.request_id === requestId);
      if (written !== undefined) return Promise.resolve(written);
      return new Promise((resolve) => awaited.set(requestId, resolve));
    };

    idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
    beforeAll(async () => {
      appKey = await createSigningKey('app');
      const appPem = await exportSPKI(appKey.publicKey);
      for (const vendor of ['okta', 'entraid'] as const) {
        const onDecision = (event: DualAuthAuditEvent) => {
          audits.push(event);
          awaited.get(event.request_id)?.(event);
        };
        apps[vendor] = await start(scenarioGuardOptions(vendor, { jwks, appPem, onDecision }));
      }
    });
    afterAll(async () => {
      await Promise.all(Object.values(apps).map((app) => app.close()));
    });

    const get = (vendor: Vendor, headers: Record<string, string>) =>
      fetch(`${apps[vendor]?.url}/api/accounts/42?x=1`, { headers });

    it('a client hanging up while its opaque token waits for introspection: the IdP call is cancelled, audited request_aborted with no status', async () => {
      const { introspection, asked, cancelled } = hungIntrospection();
      const records: DualAuthAuditEvent[] = [];
      const onDecision = (event: DualAuthAuditEvent) => void records.push(event);
      const app = await start({
        ...scenarioGuardOptions('okta', { jwks, appPem: '', onDecision }),
        introspection,
      });
      try {
        const client = new AbortController();
        const answer = fetch(`${app.url}/api/accounts/42`, {
          headers: { authorization: 'Bearer opaque-token-of-a-client-that-leaves' },
          signal: client.signal,
        });
        await asked();
        client.abort();
        await expect(answer).rejects.toThrow();
        await cancelled();
        await vi.waitFor(() => expect(records).toHaveLength(1), { timeout: 30_000 });
        expect(records[0]).toMatchObject({
          decision: 'DENY',
          reason: 'request_aborted',
          failed_side: 'credentials',
          status: null,
        });
      } finally {
        await app.close();
      }
    });

    it('lets an authorized agent + human through and hands the route both subjects', async () => {
      const requestId = crypto.randomUUID();
      const response = await get('okta', {
        authorization: `Bearer ${await accessToken('okta', idpKey)}`,
        'x-request-id': requestId,
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        agent: VENDOR_SETUP.okta.agentId,
        human: HUMAN_ID.okta,
      });
      expect(await auditOf(requestId)).toMatchObject({
        decision: 'ALLOW',
        route: expectedRoute,
        method: 'GET',
        status: 200,
      });
    });

    it('audits an admitted request with the status the app answered, once', async () => {
      const authorization = `Bearer ${await accessToken('okta', idpKey)}`;
      const requestIds: string[] = [];
      for (const [account, status] of [
        ['404', 404],
        ['500', 500],
        ['42', 200],
      ] as const) {
        const requestId = crypto.randomUUID();
        requestIds.push(requestId);
        const response = await fetch(`${apps.okta?.url}/api/accounts/${account}`, {
          headers: { authorization, 'x-request-id': requestId },
        });
        expect(response.status).toBe(status);
        await response.arrayBuffer();
        expect(await auditOf(requestId)).toMatchObject({
          decision: 'ALLOW',
          method: 'GET',
          status,
        });
      }
      const written = audits.filter((event) => requestIds.includes(event.request_id));
      expect(written.map((event) => event.status)).toEqual([404, 500, 200]);
    });

    it('audits an admitted stream as soon as its status is sent, while it is still open', async () => {
      const requestId = crypto.randomUUID();
      const hangUp = new AbortController();
      const response = await fetch(`${apps.okta?.url}/api/accounts/stream`, {
        headers: {
          authorization: `Bearer ${await accessToken('okta', idpKey)}`,
          'x-request-id': requestId,
        },
        signal: hangUp.signal,
      });
      try {
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        expect(new TextDecoder().decode((await reader.read()).value)).toBe(FIRST_EVENT);
        // Before the stream ends (it never does): the record is there with the status sent.
        expect(await auditOf(requestId)).toMatchObject({ decision: 'ALLOW', status: 200 });
      } finally {
        hangUp.abort();
      }
    });

    it('refuses a custom guard whose ALLOW has no recordStatus before the route runs', async () => {
      const { guard, routeRan } = guardWithoutRecordStatus();
      const app = await start(guard);
      try {
        const response = await fetch(`${app.url}/api/accounts/42`);
        expect(response.status).toBe(500);
        expect(routeRan()).toBe(false);
      } finally {
        await app.close();
      }
    });

    it('Entra ID: both headers reach the verifier', async () => {
      const response = await get('entraid', {
        authorization: `Bearer ${await accessToken('entraid', idpKey)}`,
        'x-act-assertion': await actAssertion(appKey),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        agent: VENDOR_SETUP.entraid.agentId,
        human: ENTRA_HUMAN.sub,
      });
    });

    // RFC 6750 §3.1 "repeats the same parameter": a malformed request, 400 invalid_request.
    it('repeated credentials (two Authorization or two X-Act-Assertion lines) → the same 400 invalid_request', async () => {
      const token = await accessToken('okta', idpKey);
      const entraToken = await accessToken('entraid', idpKey);
      const assertion = await actAssertion(appKey);
      const cases: [Vendor, [string, string][], string][] = [
        [
          'okta',
          [
            ['Authorization', `Bearer ${token}`],
            ['Authorization', 'Bearer junk'],
          ],
          'Authorization',
        ],
        [
          'okta',
          [
            ['Authorization', 'Bearer junk'],
            ['Authorization', `Bearer ${token}`],
          ],
          'Authorization',
        ],
        [
          'entraid',
          [
            ['Authorization', `Bearer ${entraToken}`],
            ['X-Act-Assertion', assertion],
            ['X-Act-Assertion', assertion],
          ],
          'X-Act-Assertion',
        ],
      ];
      for (const [vendor, lines, header] of cases) {
        const { status, body } = await rawGet(`${apps[vendor]?.url}/api/accounts/42`, lines);
        expect(status).toBe(400);
        expect(JSON.parse(body)).toEqual({
          error: 'invalid_request',
          error_description: `${header} header was sent more than once; send it exactly once`,
        });
      }
    });

    // RFC 6750 §2: one method per request, §3.1: more is malformed; §5.3: a token in a URL is logged.
    it('a valid token beside an access_token query parameter → 400 invalid_request, audited', async () => {
      const token = await accessToken('okta', idpKey);
      const requestId = crypto.randomUUID();
      const response = await fetch(`${apps.okta?.url}/api/accounts/42?access_token=${token}`, {
        headers: { authorization: `Bearer ${token}`, 'x-request-id': requestId },
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_request',
        error_description:
          'access_token query parameter was sent; send the access token in the Authorization header only, never in the URL',
      });
      expect(await auditOf(requestId)).toMatchObject({
        status: 400,
        reason: 'access_token.sent_in_url',
      });
    });

    // The Host header is the client's text: one that is a host to RFC 3986 (RFC 9110 §7.2) but
    // not to the URL parser (999.1.1.1) made the guard's URL unparseable, and the query went
    // unread, while the framework routed the request and handed the app its access_token.
    it('a valid token beside an access_token query parameter under a Host no URL parser takes → 400', async () => {
      const token = await accessToken('okta', idpKey);
      const { status, body } = await rawGet(
        `${apps.okta?.url}/api/accounts/42?access_token=${token}`,
        [['Authorization', `Bearer ${token}`]],
        '999.1.1.1',
      );
      expect(status).toBe(400);
      expect(JSON.parse(body)).toEqual({
        error: 'invalid_request',
        error_description:
          'access_token query parameter was sent; send the access token in the Authorization header only, never in the URL',
      });
    });

    // RFC 6750 §3.1: a request without authentication information (none, or a scheme this API
    // does not take, such as Basic or DPoP) gets a challenge without an error code; the audit
    // record still says why.
    it('no credentials, or a scheme it does not take → 401 with a bare Bearer challenge, audited why', async () => {
      for (const authorization of [undefined, 'Basic dXNlcjpwYXNz', 'DPoP a.b.c']) {
        const requestId = crypto.randomUUID();
        const response = await get('okta', {
          ...(authorization === undefined ? {} : { authorization }),
          'x-request-id': requestId,
        });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Bearer realm="finance"');
        expect(response.headers.get('cache-control')).toBe('no-store');
        // The body says what the challenge says: no error code.
        expect(await response.json()).toEqual({
          error_description: 'Missing Authorization header with a Bearer token',
        });
        expect(await auditOf(requestId)).toMatchObject({
          decision: 'DENY',
          reason: 'access_token.missing_claim',
          failed_side: 'credentials',
          status: 401,
        });
      }
    });

    it('an expired token → 401 invalid_token with a description', async () => {
      const token = await accessToken('okta', idpKey, { iat: 1, nbf: 1, exp: 2 });
      const response = await get('okta', { authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        // What to do after what happened (session 38); RFC 6750 §3 allows no " in the value.
        `Bearer realm="finance", error="invalid_token", error_description="Access token has expired ('exp'): get a new one; if new ones are refused too, check the clocks (NTP)"`,
      );
    });

    it('Entra ID without X-Act-Assertion → 401', async () => {
      const response = await get('entraid', {
        authorization: `Bearer ${await accessToken('entraid', idpKey)}`,
      });
      expect(response.status).toBe(401);
      expect((await response.json()).error_description).toMatch(/^Missing X-Act-Assertion header/);
    });

    it('an unauthorized human → 403 insufficient_scope naming the human side', async () => {
      const token = await accessToken('okta', idpKey, { act: { sub: 'intruder-9' } });
      const response = await get('okta', { authorization: `Bearer ${token}` });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/);
      expect(await response.json()).toMatchObject({
        error: 'insufficient_scope',
        failed_side: 'human',
      });
    });

    // RFC 9449 §8.1, §8.2, §9: the header reaches the client on the 401 and on an admission.
    it('with dpop.nonce: DPoP-Nonce on the use_dpop_nonce 401 and on the admission once it rotated', async () => {
      const clock = { ms: NOW, now: () => clock.ms };
      const options = scenarioGuardOptions('okta', { jwks, appPem: '', onDecision: () => {} });
      const app = await start({
        ...options,
        clock,
        dpop: {
          nonce: { secret: crypto.getRandomValues(new Uint8Array(32)), maxAgeSeconds: 300 },
        },
      });
      try {
        const { privateKey, publicKey } = await generateKeyPair('ES256');
        const jwk = await exportJWK(publicKey);
        const cnf = { jkt: await calculateJwkThumbprint(jwk) };
        const token = await accessToken('okta', idpKey, { cnf });
        const url = `${app.url}/api/accounts/42`;
        const send = async (nonce?: string | null) => {
          const proof = await new SignJWT({
            jti: crypto.randomUUID(),
            htm: 'GET',
            htu: url,
            iat: Math.floor(clock.ms / 1000),
            ath: await accessTokenDigest(token),
            ...(nonce == null ? {} : { nonce }),
          })
            .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
            .sign(privateKey);
          const response = await fetch(url, {
            headers: { authorization: `DPoP ${token}`, dpop: proof },
          });
          await response.text();
          return response;
        };
        const asked = await send();
        expect(asked.status).toBe(401);
        expect(asked.headers.get('www-authenticate')).toMatch(
          /^DPoP realm="finance", error="use_dpop_nonce", /,
        );
        const first = asked.headers.get('dpop-nonce');
        expect(first).toMatch(/^[\w-]{55}$/);
        const admitted = await send(first);
        expect(admitted.status).toBe(200);
        expect(admitted.headers.get('dpop-nonce')).toBeNull();
        clock.ms += 150_000;
        const rotated = await send(first);
        expect(rotated.status).toBe(200);
        expect(rotated.headers.get('dpop-nonce')).toMatch(/^[\w-]{55}$/);
        expect(rotated.headers.get('dpop-nonce')).not.toBe(first);
      } finally {
        await app.close();
      }
    });

    it('an unauthorized agent → 403 naming the agent side', async () => {
      const token = await accessToken('okta', idpKey, AGENT_RULE.okta.revoke);
      const response = await get('okta', { authorization: `Bearer ${token}` });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ failed_side: 'agent' });
    });
  });
}
