import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import {
  keycloakGuardOptions,
  keycloakVerifyOptions,
} from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { verifyDualSubjectRequest } from './verify-dual-subject-request.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Feature (Session 14, dpopreq14): what the framework-free verifiers take and refuse around
// proof of possession, and the guard's start-up warning when DPoP's htu rests on the Host header.

const idpKey = await createSigningKey('idp-1');
const VERIFY = keycloakVerifyOptions(idpKey.publicJwk);
const replayStore = new InMemoryReplayStore();
const request = (authorization: string) =>
  new Request('https://api.example.com/api/balance', { headers: { authorization } });

describe('verifyDualSubjectRequest options', () => {
  it('refuses dpop without a replayStore: a store per call would accept each proof again', async () => {
    await expect(
      verifyDualSubjectRequest(request('DPoP x.y.z'), { ...VERIFY, dpop: {} }),
    ).rejects.toThrow(/options\.dpop\.replayStore is required: one store shared by every call/);
  });

  it("refuses dpop beside boundTokens: 'checked-upstream' (RFC 9449 §7.2's downgrade)", async () => {
    await expect(
      verifyDualSubjectRequest(request('DPoP x.y.z'), {
        ...VERIFY,
        boundTokens: 'checked-upstream',
        dpop: { replayStore },
      }),
    ).rejects.toThrow(/options\.dpop .*boundTokens: 'checked-upstream'.*give one of them/);
  });

  // Merge of nonce14 and dpopreq14 (Session 14): a use_dpop_nonce refusal is answered with the
  // guard's DPoP-Nonce header, which a function that throws cannot give its caller.
  it('refuses dpop.nonce: only the guard can answer the DPoP-Nonce a client needs', async () => {
    await expect(
      verifyDualSubjectRequest(request('DPoP x.y.z'), {
        ...VERIFY,
        dpop: { replayStore, nonce: { secret: crypto.getRandomValues(new Uint8Array(32)) } },
      }),
    ).rejects.toThrow(
      /options\.dpop\.nonce is the guard's.*use createDualAuthGuard's checkRequest/,
    );
  });

  it('refuses an unknown option, in dpop too, and a guard-only one', async () => {
    await expect(
      verifyDualSubjectRequest(request('Bearer x.y.z'), {
        ...VERIFY,
        dpop: { replayStore, publicBaseURL: 'https://api.example.com' } as never,
      }),
    ).rejects.toThrow(/verifyDualSubjectRequest: dpop: publicBaseURL is not an option/);
    await expect(
      verifyDualSubjectRequest(request('Bearer x.y.z'), {
        ...VERIFY,
        agentAllowed: () => true,
      } as never),
    ).rejects.toThrow(/verifyDualSubjectRequest: agentAllowed is not an option/);
  });

  it('without dpop, reads Bearer only: a DPoP-scheme request has no credentials', async () => {
    await expect(
      verifyDualSubjectRequest(request(`DPoP ${await accessToken('keycloak', idpKey)}`), VERIFY),
    ).rejects.toMatchObject({ credential: 'access_token', absent: true });
  });
});

describe('verifyDualSubjectToken and a key-bound token (a token alone proves no key)', () => {
  const boundToken = () => accessToken('keycloak', idpKey, { cnf: { jkt: 'A'.repeat(43) } });

  it('refuses it binding_mismatch, and admits it when a gateway checked the proof', async () => {
    await expect(verifyDualSubjectToken(await boundToken(), VERIFY)).rejects.toMatchObject({
      credential: 'access_token',
      reason: 'binding_mismatch',
    });
    const subject = await verifyDualSubjectToken(await boundToken(), {
      ...VERIFY,
      boundTokens: 'checked-upstream',
    });
    expect(subject.agent.id).toBe('finance-agent');
  });

  it('refuses dpop, saying to verify the request', async () => {
    await expect(
      verifyDualSubjectToken(await boundToken(), { ...VERIFY, dpop: { replayStore } } as never),
    ).rejects.toThrow(/dpop is not an option: .*call verifyDualSubjectRequest/);
  });
});

describe('a guard with dpop and no publicBaseUrl', () => {
  const options = { ...keycloakGuardOptions(idpKey.publicJwk) };
  const warnings = (dpop: object | undefined) => {
    const logger = recordingLogger();
    createDualAuthGuard({ ...options, logger, ...(dpop === undefined ? {} : { dpop }) });
    return logger.events.filter((entry) => entry.event === 'dpop_htu_from_request_host');
  };

  it('warns once at creation, naming the risk and the option', () => {
    const [warning, ...more] = warnings({});
    expect(more).toEqual([]);
    expect(warning?.level).toBe('warn');
    expect(warning?.fields?.hint).toMatch(/Host header.*another deployment.*dpop\.publicBaseUrl/);
  });

  it('says nothing with publicBaseUrl, or without dpop', () => {
    expect(warnings({ publicBaseUrl: 'https://api.example.com' })).toEqual([]);
    expect(warnings(undefined)).toEqual([]);
  });
});
