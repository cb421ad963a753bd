import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ProofKey,
  postToken,
  proof,
  startIdpWithProofKey,
} from '../../test/support/dpop-proof.js';
import { TOKEN_EXCHANGE_GRANT } from './delegation-grants.js';
import type { LocalIdp } from './local-idp.js';
import { startLocalIdp } from './start-local-idp.js';
import { agentOf, clientAssertion, JWT_BEARER } from './token-client.js';

// DPoP in the shapes of the vendors that are not Keycloak or Okta. Auth0 binds tokens to a DPoP
// proof (auth0.com/docs/secure/sender-constraining/demonstrating-proof-of-possession-dpop); Entra
// ID has no RFC 9449 DPoP (its proof-of-possession is Microsoft's signed HTTP request or mTLS:
// learn.microsoft.com/entra/msal/dotnet/advanced/proof-of-possession-tokens), so it ignores a
// `DPoP` header as any unknown header and issues a Bearer token, which a client must notice (§5).

async function metadataOf(idp: LocalIdp): Promise<Record<string, unknown>> {
  const issuer = idp.issuer.replace(/\/$/, '');
  const res = await idp.fetch(`${issuer}/.well-known/openid-configuration`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('DPoP in the Auth0 shape', () => {
  let idp: LocalIdp;
  let key: ProofKey;
  const assertion = async () => ({
    client_assertion_type: JWT_BEARER,
    client_assertion: await clientAssertion(agentOf(idp), { aud: idp.tokenUrl }),
  });
  beforeAll(async () => {
    [idp, key] = await startIdpWithProofKey({ vendor: 'auth0' });
  });
  afterAll(() => idp?.close());

  it('binds a client-credentials token: token_type DPoP, cnf.jkt beside the Auth0 claims', async () => {
    const answer = await postToken(
      idp,
      { grant_type: 'client_credentials', audience: idp.audience, ...(await assertion()) },
      await proof(key, { htu: idp.tokenUrl }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json.token_type).toBe('DPoP');
    const claims = decodeJwt(String(answer.json.access_token));
    expect(claims).toMatchObject({ cnf: { jkt: key.jkt }, gty: 'client-credentials' });
  });

  it('binds a token-exchange token', async () => {
    const answer = await postToken(
      idp,
      {
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: await idp.issueSubjectToken({ human: 'alice' }),
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        ...(await assertion()),
      },
      await proof(key, { htu: idp.tokenUrl }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json.token_type).toBe('DPoP');
    expect(decodeJwt(String(answer.json.access_token)).cnf).toEqual({ jkt: key.jkt });
  });

  it('refuses a bad proof with 400 invalid_dpop_proof in its error body', async () => {
    const answer = await postToken(
      idp,
      { grant_type: 'client_credentials', audience: idp.audience, ...(await assertion()) },
      'not-a-proof',
    );
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_dpop_proof');
  });

  it('advertises dpop_signing_alg_values_supported', async () => {
    expect((await metadataOf(idp)).dpop_signing_alg_values_supported).toContain('ES256');
  });
});

describe('DPoP in the Entra ID shape: none, as Entra ID', () => {
  let idp: LocalIdp;
  let key: ProofKey;
  beforeAll(async () => {
    [idp, key] = await startIdpWithProofKey({ vendor: 'entraid' });
  });
  afterAll(() => idp?.close());

  const clientCredentials = (dpop?: string) => {
    const agent = agentOf(idp);
    return postToken(
      idp,
      {
        grant_type: 'client_credentials',
        client_id: agent.clientId,
        client_secret: agent.clientSecret,
        scope: `${idp.audience}/.default`,
      },
      dpop,
    );
  };

  it('ignores a DPoP proof: a Bearer token without cnf', async () => {
    const answer = await clientCredentials(await proof(key, { htu: idp.tokenUrl }));
    expect(answer.status).toBe(200);
    expect(answer.json.token_type).toBe('Bearer');
    expect(decodeJwt(String(answer.json.access_token)).cnf).toBeUndefined();
  });

  it('ignores even a proof that is not one, as an unknown header', async () => {
    const answer = await clientCredentials('not-a-proof');
    expect(answer.status).toBe(200);
    expect(answer.json.token_type).toBe('Bearer');
  });

  it('binds no delegated token either', async () => {
    const agent = agentOf(idp);
    const answer = await postToken(
      idp,
      {
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        requested_token_use: 'on_behalf_of',
        assertion: await idp.issueSubjectToken({ human: 'alice' }),
        client_id: agent.clientId,
        client_secret: agent.clientSecret,
        scope: `${idp.audience}/.default`,
      },
      await proof(key, { htu: idp.tokenUrl }),
    );
    expect(answer.status).toBe(200);
    expect(answer.json.token_type).toBe('Bearer');
    expect(decodeJwt(String(answer.json.access_token)).cnf).toBeUndefined();
  });

  it('advertises no dpop_signing_alg_values_supported', async () => {
    const metadata = await metadataOf(idp);
    expect(metadata.token_endpoint).toBe(idp.tokenUrl);
    expect(metadata).not.toHaveProperty('dpop_signing_alg_values_supported');
  });

  it('refuses requireDpopNonce, which needs DPoP', async () => {
    await expect(startLocalIdp({ vendor: 'entraid', requireDpopNonce: true })).rejects.toThrow(
      /requireDpopNonce needs DPoP, which entraid does not support/,
    );
  });
});
