import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it, vi } from 'vitest';
import { hungIntrospection } from '../test/support/hung-introspection.js';
import { keycloakVerifyOptions } from '../test/support/keycloak-guard-options.js';
import { manualSleep } from '../test/support/manual-sleep.js';
import { accessToken, createSigningKey } from '../test/support/token-kit.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { verifyDualSubjectRequest } from './verify-dual-subject-request.js';

// Feature (Session 15, mtlsfn15): verifyDualSubjectRequest verifies certificate-bound tokens (RFC
// 8705 §3) with a tlsClientCertificate of its own (a function of the Request, or DER bytes),
// lets the Request's signal stop its calls as the guard's input signal does, and names itself
// when a duck-typed DPoP request has no url.

const idpKey = await createSigningKey('idp-1');
const VERIFY = keycloakVerifyOptions(idpKey.publicJwk);

// The client certificates a gateway forwards: any DER bytes stand for them here.
const certificates = {
  'agent-a': crypto.getRandomValues(new Uint8Array(96)),
  'agent-b': crypto.getRandomValues(new Uint8Array(96)),
};
const thumbprint = Buffer.from(
  await crypto.subtle.digest('SHA-256', certificates['agent-a']),
).toString('base64url');
const boundToken = await accessToken('keycloak', idpKey, { cnf: { 'x5t#S256': thumbprint } });

const request = (certificate?: keyof typeof certificates, token = boundToken) =>
  new Request('https://api.example.com/api/balance', {
    headers: {
      authorization: `Bearer ${token}`,
      ...(certificate === undefined ? {} : { 'x-client-cert': certificate }),
    },
  });
const fromGateway = (given: Request): Uint8Array | null => {
  const name = given.headers.get('x-client-cert');
  return name === null ? null : certificates[name as keyof typeof certificates];
};

async function refusal(promise: Promise<unknown>): Promise<DualSubjectVerificationError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!DualSubjectVerificationError.isInstance(error)) throw new Error(`not refused: ${error}`);
  return error;
}

describe('verifyDualSubjectRequest with tlsClientCertificate', () => {
  it('a function of the request: verifies the certificate the token is bound to', async () => {
    const options = { ...VERIFY, tlsClientCertificate: fromGateway };
    const subject = await verifyDualSubjectRequest(request('agent-a'), options);
    expect(subject.agent.id).toBe('finance-agent');
    const other = await refusal(verifyDualSubjectRequest(request('agent-b'), options));
    expect(other.auditReason).toBe('access_token.binding_mismatch');
    expect(other.message).toMatch(/another client certificate/);
    const none = await refusal(verifyDualSubjectRequest(request(), options));
    expect(none.auditReason).toBe('access_token.binding_mismatch');
    expect(none.message).toMatch(/no client certificate/);
  });

  it('the DER bytes of the connection: verifies them, and empty bytes are none', async () => {
    const subject = await verifyDualSubjectRequest(request(), {
      ...VERIFY,
      tlsClientCertificate: certificates['agent-a'],
    });
    expect(subject.human.sub).toBe('user-123');
    const none = await refusal(
      verifyDualSubjectRequest(request(), { ...VERIFY, tlsClientCertificate: new Uint8Array() }),
    );
    expect(none.message).toMatch(/no client certificate/);
  });

  it('without it, a certificate-bound token is still refused as one this API does not check', async () => {
    const error = await refusal(verifyDualSubjectRequest(request('agent-a'), VERIFY));
    expect(error.message).toMatch(/does not check/);
  });

  it.each(['tls-connection', 'tls-connection-any-issuer'] as const)(
    "refuses '%s': a Request has no TLS socket",
    async (source) => {
      await expect(
        verifyDualSubjectRequest(request('agent-a'), {
          ...VERIFY,
          tlsClientCertificate: source as never,
        }),
      ).rejects.toThrow(
        new RegExp(
          `verifyDualSubjectRequest: options.tlsClientCertificate '${source}' reads a Node TLS socket.*pass a function \\(request\\)`,
        ),
      );
    },
  );

  it('refuses another value, and the option beside boundTokens: checked-upstream', async () => {
    await expect(
      verifyDualSubjectRequest(request(), { ...VERIFY, tlsClientCertificate: 'der' as never }),
    ).rejects.toThrow(
      /verifyDualSubjectRequest: options.tlsClientCertificate must be a function .*got string/,
    );
    await expect(
      verifyDualSubjectRequest(request(), {
        ...VERIFY,
        boundTokens: 'checked-upstream',
        tlsClientCertificate: fromGateway,
      }),
    ).rejects.toThrow(/options.tlsClientCertificate .*checked-upstream.*give one of them/);
  });
});

describe("verifyDualSubjectRequest: the certificate reader's bound, by controlled time", () => {
  // A reader that never answers (a gateway lookup that stalls) must not keep the request pending:
  // the wait is `checkTimeoutMs` (default 10 000 ms) by the injected `sleep`, then a TimeoutError.
  const deaf = () => new Promise<Uint8Array>(() => undefined);

  it('ends a reader that never answers with a TimeoutError at the default bound, 10 000 ms', async () => {
    const { sleep, waits, elapse } = manualSleep();
    const pending = verifyDualSubjectRequest(request('agent-a'), {
      ...VERIFY,
      tlsClientCertificate: deaf,
      sleep,
    });
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(waits[0]?.ms).toBe(10_000);
    elapse();
    await expect(pending).rejects.toMatchObject({
      name: 'TimeoutError',
      message: 'tlsClientCertificate gave no answer within checkTimeoutMs (10000 ms)',
    });
  });

  it('takes checkTimeoutMs, and a reader that answers in time cancels the wait', async () => {
    const { sleep, waits, elapse } = manualSleep();
    const pending = verifyDualSubjectRequest(request('agent-a'), {
      ...VERIFY,
      tlsClientCertificate: deaf,
      checkTimeoutMs: 2_000,
      sleep,
    });
    await vi.waitFor(() => expect(waits).toHaveLength(1));
    expect(waits[0]?.ms).toBe(2_000);
    elapse();
    await expect(pending).rejects.toThrow(/within checkTimeoutMs \(2000 ms\)/);

    const timely = manualSleep();
    const subject = await verifyDualSubjectRequest(request('agent-a'), {
      ...VERIFY,
      tlsClientCertificate: fromGateway,
      sleep: timely.sleep,
    });
    expect(subject.agent.id).toBe('finance-agent');
    expect(timely.waits[0]?.signal?.aborted).toBe(true);
  });

  it('refuses a checkTimeoutMs or sleep of the wrong type', async () => {
    await expect(
      verifyDualSubjectRequest(request('agent-a'), { ...VERIFY, sleep: 5 as never }),
    ).rejects.toThrow(TypeError);
    await expect(
      verifyDualSubjectRequest(request('agent-a'), { ...VERIFY, checkTimeoutMs: -1 }),
    ).rejects.toThrow(TypeError);
  });
});

describe("verifyDualSubjectRequest and the request's signal", () => {
  it('stops waiting for a hung introspection when the request aborts, throwing its reason', async () => {
    const { introspection, asked, cancelled } = hungIntrospection();
    const client = new AbortController();
    const pending = verifyDualSubjectRequest(
      new Request('https://api.example.com/api/balance', {
        headers: { authorization: 'Bearer opaque-token-of-a-client-that-leaves' },
        signal: client.signal,
      }),
      { ...VERIFY, introspection },
    );
    await asked();
    client.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await cancelled();
  });
});

describe('verifyDualSubjectRequest given a duck-typed DPoP request without url', () => {
  it('says which function needs it and what to pass', async () => {
    const duck = {
      method: 'GET',
      headers: new Headers({ authorization: 'DPoP x.y.z', dpop: 'a.b.c' }),
    } as unknown as Request;
    await expect(
      verifyDualSubjectRequest(duck, {
        ...VERIFY,
        dpop: { replayStore: new InMemoryReplayStore() },
      }),
    ).rejects.toThrow(
      /^verifyDualSubjectRequest: a DPoP request needs the URL it was received at .*pass a Web Request, or an object with url/,
    );
  });
});
