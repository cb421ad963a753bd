import type { TokenProfile } from '@dual-auth/core/jwt';
import { loadTokenProfile, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import type { DualSubjectVerifyOptions } from '../../src/verify-options.js';
import { VENDORS, type Vendor } from './vendors.js';

/** Each vendor's token profile, from its adapter package: what an API imports. */
export const PROFILE = Object.fromEntries(
  await Promise.all(VENDORS.map(async (vendor) => [vendor, await loadTokenProfile(vendor)])),
) as Record<Vendor, TokenProfile>;

/** Fixed test time, in ms; tokens are issued at it and verified with a clock that says it. */
export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const NOW_S = NOW / 1000;
export const fixedClock = { now: () => NOW };

/** A signing key of a test IdP (or a test Entra app). */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function createSigningKey(kid: string, alg = 'RS256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk };
}

/** Signing keys of these ids, made at once: an IdP's and its applications' in a test file's set-up. */
export function createSigningKeys<const Kids extends readonly string[]>(
  ...kids: Kids
): Promise<{ -readonly [I in keyof Kids]: SigningKey }> {
  return Promise.all(kids.map((kid) => createSigningKey(kid))) as Promise<{
    -readonly [I in keyof Kids]: SigningKey;
  }>;
}

export function signJwt(
  claims: JWTPayload,
  key: SigningKey,
  header: { alg?: string; kid?: string | undefined; typ?: string | undefined } = {},
): Promise<string> {
  const kid = 'kid' in header ? header.kid : key.kid;
  // `typ: undefined` leaves the header without one (RFC 9068 §2.1: IdPs differ).
  const typ = 'typ' in header ? header.typ : 'JWT';
  return new SignJWT(claims)
    .setProtectedHeader({
      alg: header.alg ?? 'RS256',
      ...(typ === undefined ? {} : { typ }),
      ...(kid ? { kid } : {}),
    })
    .sign(key.privateKey);
}

/** A JWKS served over real HTTPS on loopback; `keys` can be changed to rotate. */
export interface JwksServer {
  url: string;
  server: TestHttpsServer;
  keys: JWK[];
  hits: number;
  down: boolean;
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const state = { keys, hits: 0, down: false } as JwksServer;
  const server = await startHttpsServer((_req, res) => {
    state.hits++;
    if (state.down) {
      res.writeHead(503).end();
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: state.keys }));
  });
  return Object.assign(state, {
    url: `${server.url}/jwks`,
    server,
    close: () => server.close(),
  });
}

export const HUMAN = { sub: 'user-123', email: 'alice@example.com', name: 'Alice Example' };
export const ENTRA_HUMAN = {
  // In Entra the UPN often equals the email; they differ here so tests can tell which one leaked.
  sub: 'alice@contoso.example',
  email: 'alice.example@mail.contoso.example',
  name: 'Alice Example',
  oid: '00000000-0000-0000-0000-0000000a11ce',
};

/** Per-vendor settings and access-token claims, shaped like each IdP guide (docs/wire-format.md, "Vendors"). */
export const VENDOR_SETUP: Record<
  Vendor,
  { issuer: string; audience: string; agentId: string; claims: (agentId: string) => JWTPayload }
> = {
  keycloak: {
    issuer: 'https://kc.example.test/realms/agbac',
    audience: 'finance-api',
    agentId: 'finance-agent',
    claims: (agentId) => ({
      sub: '5f3c8a52-service-account-uuid',
      typ: 'Bearer',
      azp: agentId,
      scope: 'openid email profile',
      realm_access: { roles: ['FinanceAgent', 'default-roles-agbac'] },
      preferred_username: `service-account-${agentId}`,
      act: HUMAN,
    }),
  },
  auth0: {
    issuer: 'https://tenant.auth0.example.test/',
    audience: 'https://api.example.com/finance',
    agentId: 'Ag3ntCl1ent',
    claims: (agentId) => ({
      sub: `${agentId}@clients`,
      azp: agentId,
      scope: 'read:finance-data',
      gty: 'client-credentials',
      permissions: ['read:finance-data'],
      act: { ...HUMAN, sub: 'auth0|user-123' },
    }),
  },
  okta: {
    issuer: 'https://example.okta.test/oauth2/aus123',
    audience: 'https://api.example.com/finance',
    agentId: '0oaAgent',
    claims: (agentId) => ({
      ver: 1,
      jti: 'AT.test',
      sub: agentId,
      cid: agentId,
      scp: ['finance.read'],
      act: { ...HUMAN, sub: '00uUser123' },
    }),
  },
  entraid: {
    issuer: 'https://sts.windows.net/tenant-id/',
    audience: 'api://finance',
    agentId: '11111111-2222-3333-4444-555555555555',
    claims: (agentId) => ({
      sub: 'sp-object-id',
      appid: agentId,
      appidacr: '1',
      oid: 'sp-object-id',
      roles: ['FinanceAgent'],
      tid: 'tenant-id',
      ver: '1.0',
    }),
  },
};

export const ACT_AUDIENCE = 'https://api.example.com/finance';

/**
 * The verification options of `vendor`'s test setup: its profile, issuer and audience, `keys` as
 * given, at {@link fixedClock}: what {@link accessToken} signs passes them.
 */
export function vendorVerifyOptions(
  vendor: Vendor,
  keys: NonNullable<DualSubjectVerifyOptions['keys']>,
): DualSubjectVerifyOptions {
  const { issuer, audience } = VENDOR_SETUP[vendor];
  return { profile: PROFILE[vendor], issuer, audience, keys, clock: fixedClock };
}

/** An access token of `vendor`, valid at {@link NOW} for 1 h, with claim overrides. */
export function accessToken(
  vendor: Vendor,
  key: SigningKey,
  overrides: Record<string, unknown> = {},
  header: { alg?: string; kid?: string | undefined; typ?: string | undefined } = {},
): Promise<string> {
  const setup = VENDOR_SETUP[vendor];
  return signJwt(
    {
      iss: setup.issuer,
      aud: setup.audience,
      iat: NOW_S,
      nbf: NOW_S,
      exp: NOW_S + 3600,
      ...setup.claims(setup.agentId),
      ...overrides,
    },
    key,
    header,
  );
}

let jtiCounter = 0;

/** An Entra act assertion minted like the adapter does: iss = sub = app id, 300 s, fresh jti. */
export function actAssertion(
  appKey: SigningKey,
  overrides: Record<string, unknown> = {},
  header: { kid?: string | undefined } = {},
): Promise<string> {
  const appId = VENDOR_SETUP.entraid.agentId;
  jtiCounter++;
  return signJwt(
    {
      iss: appId,
      sub: appId,
      aud: ACT_AUDIENCE,
      iat: NOW_S,
      exp: NOW_S + 300,
      jti: `jti-${jtiCounter}-${crypto.randomUUID()}`,
      act: ENTRA_HUMAN,
      ...overrides,
    },
    appKey,
    header,
  );
}
