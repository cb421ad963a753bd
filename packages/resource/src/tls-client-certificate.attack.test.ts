import { createTestCa } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import {
  keycloakGuardOptions,
  keycloakVerifyOptions,
} from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import type { GuardDecision } from './guard-decision.js';
import type { TlsClientCertificate } from './tls-client-certificate.js';
import { verifyDualSubjectRequest } from './verify-dual-subject-request.js';

// Someone holding a certificate-bound token (RFC 8705 §3) without the certificate's key tries to
// have it admitted: through what a gateway function hands the guard, or the token's own cnf.

const idpKey = await createSigningKey('idp-1');
const ca = await createTestCa();
const [agentPem, otherPem] = [
  (await ca.issueServerCertificate()).certPem,
  (await ca.issueServerCertificate()).certPem,
];
const derOf = (pem: string) =>
  Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, ''), 'base64');
const agentDer = derOf(agentPem);
const otherDer = derOf(otherPem);
const thumbprint = (der: Uint8Array) =>
  crypto.subtle
    .digest('SHA-256', new Uint8Array(der))
    .then((digest) => Buffer.from(digest).toString('base64url'));
const AGENT_X5T = await thumbprint(agentDer);

const logger = recordingLogger();
const guardReading = (read: (request: Request) => unknown) =>
  createDualAuthGuard({
    ...keycloakGuardOptions(idpKey.publicKey),
    logger,
    tlsClientCertificate: read as (request: Request) => TlsClientCertificate,
  });
const request = (token: string) =>
  new Request('https://api.example/api/balance', { headers: { authorization: `Bearer ${token}` } });
const boundToken = (cnf: unknown) => accessToken('keycloak', idpKey, { cnf } as never);

function expectRefused(decision: GuardDecision, status = 401): void {
  expect(decision).toMatchObject({ decision: 'DENY', status });
}

describe('a gateway function handing the guard odd bytes', () => {
  // Buffer.from(base64) of a small certificate is a view into Node's shared 8 KiB pool: only the
  // view's bytes are the certificate, the pool around it holds other requests' data.
  it('hashes only the view of a pooled Buffer: the right certificate matches, its neighbour not', async () => {
    const token = await boundToken({ 'x5t#S256': AGENT_X5T });
    const pooled = Buffer.from(agentDer.toString('base64'), 'base64');
    expect(pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.length).toBe(true);
    expect((await guardReading(() => pooled).checkRequest(request(token))).decision).toBe('ALLOW');
    const neighbour = Buffer.from(otherDer.toString('base64'), 'base64');
    expectRefused(await guardReading(() => neighbour).checkRequest(request(token)));
  });

  it('reads a certificate on a SharedArrayBuffer as it is, and another one there as another', async () => {
    const token = await boundToken({ 'x5t#S256': AGENT_X5T });
    const shared = (der: Uint8Array) => {
      const view = new Uint8Array(new SharedArrayBuffer(der.length + 16), 8, der.length);
      view.set(der);
      return view;
    };
    expect((await guardReading(() => shared(agentDer)).checkRequest(request(token))).decision).toBe(
      'ALLOW',
    );
    expectRefused(await guardReading(() => shared(otherDer)).checkRequest(request(token)));
  });

  it('hashes the bytes, not what a Uint8Array subclass says of its length or contents', async () => {
    class Lying extends Uint8Array {
      override get length(): number {
        return 0;
      }
      override subarray(): Uint8Array<ArrayBuffer> {
        return new Uint8Array(agentDer);
      }
    }
    const token = await boundToken({ 'x5t#S256': AGENT_X5T });
    const lying = new Lying(otherDer);
    expectRefused(await guardReading(() => lying).checkRequest(request(token)));
  });

  it.each([
    ['null (Headers.get of a missing header)', () => null],
    ['the PEM text', () => agentPem],
    ['an ArrayBuffer', () => new Uint8Array(agentDer).buffer],
    ['a DataView', () => new DataView(new Uint8Array(agentDer).buffer)],
    ['an array of numbers', () => [...agentDer]],
  ])('never admits when it gives %s', async (_what, read) => {
    const token = await boundToken({ 'x5t#S256': AGENT_X5T });
    const decision = await guardReading(read).checkRequest(request(token));
    expect(decision.decision).toBe('DENY');
  });

  it('never admits a token bound to the empty certificate from an empty one', async () => {
    const token = await boundToken({ 'x5t#S256': await thumbprint(new Uint8Array()) });
    expectRefused(await guardReading(() => new Uint8Array()).checkRequest(request(token)));
  });
});

describe('a cnf written to slip past the comparison', () => {
  const guard = guardReading(() => agentDer);
  it.each([
    ['under __proto__ (JSON)', () => JSON.parse(`{"__proto__":{"x5t#S256":"${AGENT_X5T}"}}`)],
    ['with the member name in another case', () => ({ 'X5T#S256': AGENT_X5T })],
    ['under x5t (SHA-1 name) with the SHA-256 value', () => ({ x5t: AGENT_X5T })],
    ['as an object', () => ({ 'x5t#S256': { value: AGENT_X5T } })],
    ['as a boolean', () => ({ 'x5t#S256': true })],
    ['as a number', () => ({ 'x5t#S256': 0 })],
    ['with a NUL after it', () => ({ 'x5t#S256': `${AGENT_X5T}\u0000` })],
    ['upper-cased', () => ({ 'x5t#S256': AGENT_X5T.toUpperCase() })],
  ])('refuses the thumbprint %s', async (_what, cnf) => {
    expectRefused(await guard.checkRequest(request(await boundToken(cnf()))));
  });

  it('refuses a certificate-bound token whose token_type says DPoP, even from its certificate', async () => {
    const token = await accessToken('keycloak', idpKey, {
      cnf: { 'x5t#S256': AGENT_X5T },
      token_type: 'DPoP',
    } as never);
    expectRefused(await guard.checkRequest(request(token)));
  });

  it('puts no thumbprint, certificate or token in a log line or a refusal', async () => {
    const token = await boundToken({ 'x5t#S256': AGENT_X5T });
    const refusals = [
      await guardReading(() => otherDer).checkRequest(request(token)),
      await guardReading(() => undefined).checkRequest(request(token)),
      await guardReading(() => 'not bytes').checkRequest(request(token)),
    ];
    const text = JSON.stringify([logger.events, refusals]);
    for (const secret of [
      token,
      ...token.split('.'),
      AGENT_X5T,
      await thumbprint(otherDer),
      agentDer.toString('base64').slice(0, 64),
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('a gateway function that never answers', () => {
  // The reader is the operator's code (a lookup in a gateway's session table, say): when it
  // stalls, a request whose client went away must not stay pending for ever, holding its memory.
  it('stops waiting for it once the request is aborted, and never admits', async () => {
    const token = await boundToken({ 'x5t#S256': AGENT_X5T });
    let called: () => void = () => undefined;
    const reading = new Promise<void>((resolve) => {
      called = resolve;
    });
    const guard = guardReading(() => {
      called();
      return new Promise<never>(() => undefined);
    });
    const controller = new AbortController();
    const pending = guard.checkRequest(
      new Request('https://api.example/api/balance', {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      }),
    );
    await reading;
    controller.abort();
    expect(await pending).toMatchObject({
      decision: 'DENY',
      status: 499,
      audit: { reason: 'request_aborted' },
    });
  });

  // Mend (Session 17, mend17): on a server without a request deadline (no signal, or one that
  // never aborts) the guard waited for ever. The reader is now waited for checkTimeoutMs at most,
  // as the subject checks are: our side failed, so 503 verification_unavailable, never an admit.
  it('stops waiting for it after checkTimeoutMs when the request has no deadline: 503', async () => {
    const token = await boundToken({ 'x5t#S256': AGENT_X5T });
    const waits: number[] = [];
    let elapse: () => void = () => undefined;
    const waited = new Promise<void>((resolve) => {
      elapse = resolve;
    });
    let sleepCalled: () => void = () => undefined;
    const sleeping = new Promise<void>((resolve) => {
      sleepCalled = resolve;
    });
    const guard = createDualAuthGuard({
      ...keycloakGuardOptions(idpKey.publicKey),
      logger,
      checkTimeoutMs: 2_000,
      sleep: (ms) => {
        waits.push(ms);
        sleepCalled();
        return waited;
      },
      tlsClientCertificate: () => new Promise<never>(() => undefined),
    });
    const pending = guard.checkRequest(
      new Request('https://api.example/api/balance', {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    await sleeping;
    elapse();
    expect(await pending).toMatchObject({
      decision: 'DENY',
      status: 503,
      audit: { reason: 'verification_unavailable' },
    });
    expect(waits).toEqual([2_000]);
  });

  it("stops waiting for it in verifyDualSubjectRequest too, throwing the signal's reason", async () => {
    const token = await boundToken({ 'x5t#S256': AGENT_X5T });
    const controller = new AbortController();
    const reason = new DOMException('client went away', 'AbortError');
    const pending = verifyDualSubjectRequest(
      new Request('https://api.example/api/balance', {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      }),
      {
        ...keycloakVerifyOptions(idpKey.publicKey),
        tlsClientCertificate: () => {
          controller.abort(reason);
          return new Promise<never>(() => undefined);
        },
      },
    );
    await expect(pending).rejects.toBe(reason);
  });
});
