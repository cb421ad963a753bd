import { requireValue } from '@dual-auth/core';
import {
  createRemoteJWKSet,
  customFetch,
  type JWTPayload,
  jwtVerify,
  type ProtectedHeaderParameters,
  SignJWT,
} from 'jose';
import type { LocalIdpAgent } from './directory.js';
import type { LocalIdp } from './local-idp.js';
import { requireLocalIdp } from './require-local-idp.js';

/** The client-assertion type of RFC 7523. */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Options of {@link clientAssertion}: a hand-built client assertion, as the reference library builds it. */
export interface TestAssertionOptions {
  readonly aud: string;
  readonly act?: unknown;
  readonly secret?: string;
  readonly key?: CryptoKey;
  readonly alg?: string;
  readonly iat?: number;
  readonly exp?: number;
  readonly jti?: string;
}

/** Signs a client assertion: iss = sub = client id, aud, exp = iat + 300, iat, jti, act. */
export async function clientAssertion(agent: LocalIdpAgent, options: TestAssertionOptions) {
  requireValue(agent, 'agent', 'object');
  requireValue(options, 'options', 'object');
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  const claims: JWTPayload = {
    iss: agent.clientId,
    sub: agent.clientId,
    aud: options.aud,
    exp: options.exp ?? iat + 300,
    iat,
    jti: options.jti ?? crypto.randomUUID(),
    ...(options.act === undefined ? {} : { act: options.act }),
  };
  const alg = options.alg ?? (options.key ? 'RS256' : 'HS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT' })
    .sign(options.key ?? new TextEncoder().encode(options.secret ?? agent.clientSecret));
}

/** POSTs a form to the IdP's token endpoint; returns status, headers and parsed JSON (or text). */
export async function postToken(
  idp: LocalIdp,
  fields: Record<string, string>,
  accept = 'application/json',
) {
  requireLocalIdp(idp);
  requireValue(fields, 'fields', 'object');
  const res = await idp.fetch(idp.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Verifies an access token against the IdP's JWKS over HTTPS (issuer and audience checked). */
export async function verifyAccessToken(
  idp: LocalIdp,
  token: unknown,
): Promise<{ payload: JWTPayload & Record<string, unknown>; header: ProtectedHeaderParameters }> {
  if (typeof token !== 'string') throw new Error('no access token');
  const jwks = createRemoteJWKSet(new URL(idp.jwksUrl), { [customFetch]: idp.fetch });
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer: idp.issuer,
    audience: idp.audience,
    algorithms: ['RS256'],
  });
  return { payload: payload as JWTPayload & Record<string, unknown>, header: protectedHeader };
}

/** The act the tests send: the human and PII that the IdP copies verbatim. */
export const TEST_ACT = { sub: 'u-1', email: 'a@x.com', name: 'Alicé' } as const;

/** The named agent, or a thrown error. */
export function agentOf(idp: LocalIdp, clientId = 'finance-agent'): LocalIdpAgent {
  const agent = requireLocalIdp(idp).agents.get(requireValue(clientId, 'clientId', 'string'));
  if (agent === undefined) throw new Error(`no agent ${clientId}`);
  return agent;
}
