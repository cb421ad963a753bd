import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import {
  accessToken,
  dpopFixture,
  dpopGuard,
  dpopGuardInput,
  fixedClock,
  NOW_S,
  proofFor,
} from '../test/support/dpop-fixture.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { type ResolvedDpop, resolveDpopOptions } from './dpop-options.js';
import type { DualAuthGuardOptions } from './dual-auth-guard.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import type { GuardDecision } from './guard-decision.js';
import { verifyDpopProof } from './verify-dpop-proof.js';

// A refused DPoP proof tells its client what to do (RFC 9449 §7.1, RFC 6750 §3 error_description):
// the clock and the skew allowed, one proof per request, `ath`, the URL to name. Never the token,
// the proof or the request's query.

const QUERY = 'from=2026-01-01';
const URL_SEEN = `https://api.example.com/api/balance?${QUERY}`;

const { idpKey, key } = await dpopFixture();

const boundToken = () => accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });

function guardWith(
  dpop: DualAuthGuardOptions['dpop'] = {},
  more: Partial<DualAuthGuardOptions> = {},
) {
  const logger = recordingLogger();
  const guard = dpopGuard(idpKey, dpop, { logger, ...more });
  return { guard, logger };
}

function descriptionOf(decision: GuardDecision, token: string, proof: string): string {
  expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
  if (decision.decision !== 'DENY') return '';
  const { error_description: description } = decision.body;
  const challenge = decision.headers['www-authenticate'] ?? '';
  expect(challenge).toMatch(/^DPoP error="invalid_dpop_proof", error_description="/);
  // The header carries the same text, its double quotes as single ones (RFC 6750 §3).
  expect(challenge).toContain(`error_description="${String(description).replace(/"/g, "'")}"`);
  for (const secret of [QUERY, ...token.split('.'), ...proof.split('.')]) {
    expect(`${description} ${challenge}`).not.toContain(secret);
  }
  return String(description);
}

async function refusedWith(claims: Record<string, unknown>, options = guardWith()) {
  const token = await boundToken();
  const proof = await proofFor(key, token, claims);
  return descriptionOf(
    await options.guard.check(dpopGuardInput(URL_SEEN, token, proof)),
    token,
    proof,
  );
}

describe('the remedy in a DPoP proof refusal', () => {
  it('a future iat: check the clock, with the skew allowed in seconds', async () => {
    expect(await refusedWith({ iat: NOW_S + 16 })).toBe(
      `DPoP proof is dated in the future ("iat"): check the client's clock; this API allows 15 seconds of clock skew`,
    );
    const strict = guardWith({}, { clockToleranceSeconds: 2 });
    expect(await refusedWith({ iat: NOW_S + 3 }, strict)).toMatch(
      /allows 2 seconds of clock skew$/,
    );
  });

  it('a stale iat: one proof per request, and the clock', async () => {
    expect(await refusedWith({ iat: NOW_S - 76 }, guardWith({ proofMaxAgeSeconds: 60 }))).toBe(
      `DPoP proof is too old ("iat"): make a new proof for each request and check the client's clock; this API accepts proofs up to 60 seconds old, with 15 seconds of clock skew`,
    );
  });

  it('no ath: the SHA-256 of the access token (RFC 9449 section 4.2)', async () => {
    expect(await refusedWith({ ath: undefined })).toBe(
      'DPoP proof has no "ath" claim: set "ath" to the base64url SHA-256 of the access token sent with it (RFC 9449 section 4.2)',
    );
  });

  it("another token's ath: the SHA-256 of this access token", async () => {
    expect(await refusedWith({ ath: 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg' })).toBe(
      'DPoP proof was made for another access token ("ath"): set "ath" to the base64url SHA-256 of the access token sent with it (RFC 9449 section 4.2)',
    );
  });

  it('another method: htm is the request method', async () => {
    expect(await refusedWith({ htm: 'POST' })).toBe(
      `DPoP proof was made for another method ("htm"): set "htm" to the request's method (RFC 9449 section 4.2)`,
    );
  });

  it.each([
    ['jti', /: give each proof a new unique "jti" \(RFC 9449 section 4\.2\)$/],
    ['htm', /: set "htm" to the request's method \(RFC 9449 section 4\.2\)$/],
    [
      'htu',
      /: set "htu" to the URL the request is sent to, without its query and fragment \(RFC 9449 section 4\.2\)$/,
    ],
    [
      'iat',
      /: set "iat" to the time the proof is made, in seconds since the epoch \(RFC 9449 section 4\.2\)$/,
    ],
  ])('no %s: what to put in it', async (claim, remedy) => {
    const description = await refusedWith({ [claim]: undefined });
    expect(description).toMatch(new RegExp(`^DPoP proof has no "${claim}" claim`));
    expect(description).toMatch(remedy);
  });

  it('a replayed jti: a new proof for each request (RFC 9449 section 11.1)', async () => {
    const options = guardWith({ replayStore: new InMemoryReplayStore({ clock: fixedClock }) });
    const token = await boundToken();
    const proof = await proofFor(key, token);
    expect((await options.guard.check(dpopGuardInput(URL_SEEN, token, proof))).decision).toBe(
      'ALLOW',
    );
    const again = await options.guard.check(dpopGuardInput(URL_SEEN, token, proof));
    expect(descriptionOf(again, token, proof)).toBe(
      'DPoP proof was already used (replayed "jti"): make a new proof, with a new "jti", for each request (RFC 9449 section 11.1)',
    );
  });

  it('another URL: the URL sent to, never the query; the operator is told of publicBaseUrl', async () => {
    const options = guardWith();
    expect(await refusedWith({ htu: 'https://other.example.com/api/balance' }, options)).toBe(
      'DPoP proof was made for another URL ("htu"): set "htu" to the URL the request is sent to, without its query and fragment (RFC 9449 section 4.2)',
    );
    expect(options.logger.events).toContainEqual({
      level: 'warn',
      event: 'dual_auth_refusal_hint',
      fields: {
        reason: 'dpop_proof.binding_mismatch',
        hint: expect.stringMatching(/set options\.dpop\.publicBaseUrl to the URL clients call/),
      },
    });
  });

  // newuser16 (Session 16): "this API is at <publicBaseUrl>" read as the resource's URL, so a
  // client refused because publicBaseUrl held the whole URL it did call was told to call it.
  it('another URL with publicBaseUrl: names the public URL clients call', async () => {
    const options = guardWith({ publicBaseUrl: 'https://public.example.com/v1' });
    expect(await refusedWith({ htu: URL_SEEN.replace(/\?.*/, '') }, options)).toBe(
      'DPoP proof was made for another URL ("htu"): set "htu" to the URL the request is sent to, without its query and fragment (RFC 9449 section 4.2); this API compares it with https://public.example.com/v1 followed by the path of the request',
    );
    expect(options.logger.events).toContainEqual({
      level: 'warn',
      event: 'dual_auth_refusal_hint',
      fields: {
        reason: 'dpop_proof.binding_mismatch',
        hint: expect.stringMatching(/options\.dpop\.publicBaseUrl followed by the request's path/),
      },
    });
  });

  it('the thrown error says the same, and the hint only in its message', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token, { htu: 'https://other.example.com/api/balance' });
    const error = await verifyDpopProof(
      { proof, method: 'GET', url: URL_SEEN, accessToken: token },
      resolveDpopOptions({}, fixedClock) as ResolvedDpop,
      { nowMs: NOW_S * 1000, toleranceSeconds: 15 },
    ).catch((caught: unknown) => caught);
    expect(DualSubjectVerificationError.isInstance(error)).toBe(true);
    if (!DualSubjectVerificationError.isInstance(error)) return;
    expect(error).toMatchObject({
      credential: 'dpop_proof',
      reason: 'binding_mismatch',
      claim: 'htu',
    });
    expect(error.description).toMatch(/set "htu" to the URL the request is sent to/);
    expect(error.message).toBe(`${error.description}; ${error.hint}`);
    expect(error.message).not.toContain(QUERY);
  });
});
