import { ActVerificationError } from '@dual-auth/core';
import { encodeBase64url } from '@dual-auth/core/jwt';
import { describe, expect, it } from 'vitest';
import { refuseBoundToken } from './refuse-bound-token.js';

// Feature (Session 13, mtls13): an API that terminates mutual TLS itself checks a
// certificate-bound token's `cnf["x5t#S256"]` against the request's client certificate
// (RFC 8705 §3); any confirmation method it cannot prove still refuses the token.

// Stand-ins for the DER bytes of two client certificates: the check hashes bytes, it parses nothing.
// CERT's thumbprint holds both `-` and `_`, so its standard-alphabet form differs.
const CERT = Uint8Array.from({ length: 420 }, (_, i) => (i * 7 + 11) % 256);
const OTHER_CERT = Uint8Array.from({ length: 420 }, (_, i) => (i * 11 + 5) % 256);

async function digest(hash: string, bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(hash, bytes));
}

const THUMBPRINT = encodeBase64url(await digest('SHA-256', CERT));
const HEX_THUMBPRINT = [...(await digest('SHA-256', CERT))]
  .map((byte) => byte.toString(16).padStart(2, '0'))
  .join('');
const presenting = (der: Uint8Array | undefined) => ({ tlsClientCertificate: () => der });

async function refusal(promise: Promise<unknown>): Promise<ActVerificationError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(ActVerificationError.isInstance(error)).toBe(true);
  const refused = error as ActVerificationError;
  expect(refused).toMatchObject({ reason: 'binding_mismatch', claim: 'cnf' });
  return refused;
}

describe('refuseBoundToken, a certificate-bound token (RFC 8705 §3)', () => {
  it('admits it when the client certificate of the request has the thumbprint', async () => {
    await expect(
      refuseBoundToken({ cnf: { 'x5t#S256': THUMBPRINT } }, undefined, presenting(CERT)),
    ).resolves.toBe(false);
  });

  it('admits it when the certificate reader answers asynchronously', async () => {
    const evidence = { tlsClientCertificate: async () => CERT };
    await expect(
      refuseBoundToken({ cnf: { 'x5t#S256': THUMBPRINT } }, 'refuse', evidence),
    ).resolves.toBe(false);
  });

  it('refuses it from another client certificate, saying what to do, naming no certificate', async () => {
    const error = await refusal(
      refuseBoundToken({ cnf: { 'x5t#S256': THUMBPRINT } }, undefined, presenting(OTHER_CERT)),
    );
    expect(error.message).toMatch(/another client certificate/);
    expect(error.message).toMatch(/certificate the token was issued (to|for)/);
    expect(error.message).not.toContain(THUMBPRINT);
    expect(error.message).not.toContain(encodeBase64url(await digest('SHA-256', OTHER_CERT)));
  });

  it('refuses it when the request came without a client certificate', async () => {
    const error = await refusal(
      refuseBoundToken({ cnf: { 'x5t#S256': THUMBPRINT } }, undefined, presenting(undefined)),
    );
    expect(error.message).toMatch(/no client certificate/);
    expect(error.message).toMatch(/mutual TLS/);
  });

  it('refuses it when the API reads no client certificate (not opted in), as before', async () => {
    const error = await refusal(refuseBoundToken({ cnf: { 'x5t#S256': THUMBPRINT } }, undefined));
    expect(error.message).toMatch(/does not check/);
  });

  it.each([
    ['padded', `${THUMBPRINT}=`],
    ['in the standard base64 alphabet', THUMBPRINT.replace(/-/g, '+').replace(/_/g, '/')],
    ['with a surrounding space', ` ${THUMBPRINT}`],
    ['in hex', HEX_THUMBPRINT],
    ['empty', ''],
    ['a number', 42],
    ['an array', [THUMBPRINT]],
  ])('refuses a thumbprint written %s', async (_name, claimed) => {
    // The same certificate, but the claim is not the canonical base64url of its SHA-256.
    expect(claimed).not.toBe(THUMBPRINT);
    await refusal(refuseBoundToken({ cnf: { 'x5t#S256': claimed } }, undefined, presenting(CERT)));
  });

  it.each([
    ['SHA-1', 'SHA-1'],
    ['SHA-384', 'SHA-384'],
    ['SHA-512', 'SHA-512'],
  ])('refuses a thumbprint of the certificate made with %s', async (_name, hash) => {
    const claimed = encodeBase64url(await digest(hash, CERT));
    await refusal(refuseBoundToken({ cnf: { 'x5t#S256': claimed } }, undefined, presenting(CERT)));
  });

  it('refuses a SHA-1 thumbprint under its own member (x5t), which this API does not check', async () => {
    const x5t = encodeBase64url(await digest('SHA-1', CERT));
    await refusal(refuseBoundToken({ cnf: { x5t } }, undefined, presenting(CERT)));
  });

  it.each([
    ['a DPoP key beside the certificate', { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' }],
    ['an unknown member beside the certificate', { 'x5t#S512': 'AAAA' }],
    ['a JWK beside the certificate', { jwk: { kty: 'EC' } }],
  ])('refuses %s: each confirmation method must be proven', async (_name, extra) => {
    const cnf = { 'x5t#S256': THUMBPRINT, ...extra };
    await refusal(refuseBoundToken({ cnf }, undefined, presenting(CERT)));
  });

  it.each([
    ['an empty object', {}],
    ['a string', THUMBPRINT],
    ['an array', [{ 'x5t#S256': THUMBPRINT }]],
    ['null', null],
  ])('refuses a cnf that is %s', async (_name, cnf) => {
    await refusal(refuseBoundToken({ cnf }, undefined, presenting(CERT)));
  });

  it('does not read the thumbprint from the prototype', async () => {
    const cnf = Object.create({ 'x5t#S256': THUMBPRINT }) as Record<string, unknown>;
    await refusal(refuseBoundToken({ cnf }, undefined, presenting(CERT)));
  });

  it('still refuses a DPoP token_type whose certificate matched', async () => {
    const claims = { cnf: { 'x5t#S256': THUMBPRINT }, token_type: 'DPoP' };
    const error = await refuseBoundToken(claims, undefined, presenting(CERT)).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toMatchObject({ reason: 'binding_mismatch', claim: 'token_type' });
  });

  it('reads no certificate for a token without cnf', async () => {
    let reads = 0;
    const evidence = {
      tlsClientCertificate: () => {
        reads++;
        return CERT;
      },
    };
    await refuseBoundToken({ sub: 'agent' }, undefined, evidence);
    expect(reads).toBe(0);
  });

  it('passes on what the certificate reader throws (the guard answers 503)', async () => {
    const failure = new Error('header parser broke');
    const evidence = {
      tlsClientCertificate: () => {
        throw failure;
      },
    };
    await expect(
      refuseBoundToken({ cnf: { 'x5t#S256': THUMBPRINT } }, undefined, evidence),
    ).rejects.toBe(failure);
  });

  it('throws a TypeError when the reader gives something else than DER bytes', async () => {
    const evidence = { tlsClientCertificate: () => '-----BEGIN CERTIFICATE-----' as never };
    await expect(
      refuseBoundToken({ cnf: { 'x5t#S256': THUMBPRINT } }, undefined, evidence),
    ).rejects.toThrow(/DER bytes of the client certificate \(a Uint8Array\)/);
  });
});

// Merge of Session 13's dpop13 and mtls13: one decision for both proofs. A request sent with the
// DPoP scheme carries the thumbprint of its verified proof's key (`dpopJkt`); each member of the
// token's `cnf` must be proven by this request, whichever proof proves it.
describe('refuseBoundToken, a DPoP proof and a client certificate together (RFC 9449 §6.1, §7.1)', () => {
  const JKT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
  const OTHER_JKT = 'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo';

  it('admits a DPoP-bound token whose jkt is the proof key thumbprint', async () => {
    await expect(
      refuseBoundToken({ cnf: { jkt: JKT } }, undefined, { dpopJkt: JKT }),
    ).resolves.toBe(false);
  });

  it('refuses it when the proof was signed with another key', async () => {
    const error = await refusal(
      refuseBoundToken({ cnf: { jkt: JKT } }, undefined, { dpopJkt: OTHER_JKT }),
    );
    expect(error.message).toMatch(/DPoP key other than/);
    expect(error.message).not.toContain(JKT);
  });

  it('refuses a DPoP-bound token sent as Bearer (no proof): the downgrade of RFC 9449 §7.2', async () => {
    await refusal(refuseBoundToken({ cnf: { jkt: JKT } }, undefined, {}));
  });

  it('refuses a token without cnf.jkt sent with the DPoP scheme, even with checked-upstream', async () => {
    for (const claims of [{}, { cnf: { 'x5t#S256': THUMBPRINT } }, { token_type: 'DPoP' }]) {
      const error = await refusal(
        refuseBoundToken(claims, 'checked-upstream', { ...presenting(CERT), dpopJkt: JKT }),
      );
      expect(error.message).toMatch(/not bound to a DPoP key/);
    }
  });

  it('admits a token bound to both only when the proof key and the certificate both match', async () => {
    const claims = { cnf: { jkt: JKT, 'x5t#S256': THUMBPRINT } };
    await expect(
      refuseBoundToken(claims, undefined, { ...presenting(CERT), dpopJkt: JKT }),
    ).resolves.toBe(false);
    await refusal(refuseBoundToken(claims, undefined, { ...presenting(OTHER_CERT), dpopJkt: JKT }));
    await refusal(refuseBoundToken(claims, undefined, { dpopJkt: JKT }));
    await refusal(refuseBoundToken(claims, undefined, presenting(CERT)));
  });
});

// Journey (Session 14, journey14): where the guard checks DPoP proofs, a DPoP-bound token sent as
// Bearer gets the remedy that works here (the DPoP scheme and a proof), not "request a Bearer token".
describe('refuseBoundToken, a DPoP-bound token sent as Bearer to an API that checks DPoP', () => {
  const JKT = '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I';

  it('says to send it with the DPoP scheme and a proof, for cnf.jkt and for token_type DPoP', async () => {
    for (const claims of [{ cnf: { jkt: JKT } }, { token_type: 'DPoP' }]) {
      const error = await refuseBoundToken(claims, undefined, { dpopChecked: true }).then(
        () => undefined,
        (thrown: unknown) => thrown as ActVerificationError,
      );
      expect(error).toMatchObject({ reason: 'binding_mismatch' });
      expect(error?.message).toContain('Authorization: DPoP');
      expect(error?.message).not.toContain('request a Bearer token');
    }
  });

  it("says a bound token's proof was left to the gateway (checked-upstream), and only a bound one", async () => {
    await expect(refuseBoundToken({ cnf: { jkt: JKT } }, 'checked-upstream')).resolves.toBe(true);
    await expect(refuseBoundToken({ token_type: 'dpop' }, 'checked-upstream')).resolves.toBe(true);
    await expect(refuseBoundToken({}, 'checked-upstream')).resolves.toBe(false);
  });

  it('keeps the Bearer advice where the API does not check DPoP', async () => {
    const refused = await refusal(refuseBoundToken({ cnf: { jkt: JKT } }, undefined, {}));
    expect(refused.message).toContain('request a Bearer token for this API');
  });
});
