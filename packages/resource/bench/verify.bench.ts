// Cost of verifying a dual-subject token (signature, iss, aud, times, the token profile's agent,
// roles and scopes, act) relative to raw jose.jwtVerify of the same token, for every key form an
// API may hold: SPKI PEM text, a public JWK, a CryptoKey, and a JWKS (jose's local set for both).
// Baselines run in the same rounds, alternating (median of the per-round ratios). RS256, ES256 and
// EdDSA alike; `CPU ratio` is raw jose's CPU time per call ÷ ours (robust on a shared machine).
// Not a test: run with `pnpm bench` in packages/resource.
import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { keycloakLocalIdp } from '@dual-auth/adapter-keycloak/testing';
import {
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { compareCpuCost, compareToBaseline, formatComparison } from '../../../tools/bench-kit.ts';
import { type DualSubject, type VerificationKeys, verifyDualSubjectToken } from '../src/index.js';

const ISSUER = 'https://idp.example.com/realms/agbac';
const AUDIENCE = 'finance-api';
const HUMAN_SUB = '5b1f0c2e-7d4a-4e8b-9a31-2f6c8d0e1a11';
const AGENT = {
  clientId: 'finance-agent',
  clientSecret: 'unused: the token is signed here',
  roles: ['FinanceAgent'],
  permissions: [],
  scopes: ['finance.read'],
  objectId: '18471201-7be5-47a3-93d1-e9e668115b37',
};

/**
 * The claims Keycloak issues to the agent's client-credentials request with the human as `act`
 * (legacy layout), as the Keycloak local IdP of @dual-auth/testing shapes them: its service
 * account's marks (`clientId`, `preferred_username`) included, which the profile requires.
 */
function keycloakAccessTokenClaims() {
  const iat = Math.floor(Date.now() / 1000);
  return keycloakLocalIdp.accessTokenClaims({
    issuer: ISSUER,
    settings: { audience: AUDIENCE, options: { realm: 'agbac', accountAudience: false } },
    agent: AGENT,
    grantedScopes: ['profile', 'email', 'finance.read'],
    act: { sub: HUMAN_SUB },
    iat,
    exp: iat + keycloakLocalIdp.accessTokenTtlSeconds,
    jti: crypto.randomUUID(),
  });
}

/** Throws unless the token was admitted with its agent and its human (the verdict timed). */
function admitted(subject: DualSubject): void {
  if (subject.agent.id !== AGENT.clientId || subject.human.sub !== HUMAN_SUB) {
    throw new Error('verifyDualSubjectToken admitted another agent or human than the token names');
  }
}

async function measure(alg: 'RS256' | 'ES256' | 'EdDSA') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg };
  const token = await new SignJWT(keycloakAccessTokenClaims())
    .setProtectedHeader({ alg, typ: 'JWT', kid: 'k1' })
    .sign(privateKey);
  const jwks = createLocalJWKSet({ keys: [jwk] });
  const forms: [string, VerificationKeys, Parameters<typeof jwtVerify>[1]][] = [
    ['PEM', await exportSPKI(publicKey), publicKey],
    ['JWK', jwk, jwk],
    ['CryptoKey', publicKey, publicKey],
    ['JWKS', jwks, jwks],
  ];
  const results: [string, Awaited<ReturnType<typeof compareToBaseline>>, number][] = [];
  for (const [form, keys, joseKey] of forms) {
    const options = {
      profile: keycloakTokenProfile,
      issuer: ISSUER,
      audience: AUDIENCE,
      keys,
      algorithms: [alg],
    };
    const verifyOptions = { issuer: ISSUER, audience: AUDIENCE, algorithms: [alg] };
    const raw = () => jwtVerify(token, joseKey as never, verifyOptions);
    const ours = () => verifyDualSubjectToken(token, options);
    const comparison = await compareToBaseline(raw, ours, { verdict: admitted });
    results.push([form, comparison, (await compareCpuCost(raw, ours)).ratio]);
  }
  return results;
}

const rows: {
  task: string;
  ours: number;
  'raw jose': number;
  ratio: string;
  'CPU ratio': string;
}[] = [];
const lines: string[] = [];
for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
  for (const [form, comparison, cpuRatio] of await measure(alg)) {
    rows.push({
      task: `${alg}, key as ${form}`,
      ours: Math.round(comparison.oursOps),
      'raw jose': Math.round(comparison.baselineOps),
      ratio: comparison.ratio.toFixed(2),
      'CPU ratio': cpuRatio.toFixed(2),
    });
    lines.push(
      formatComparison(`verifyDualSubjectToken ${alg} ${form} / raw jose.jwtVerify`, comparison),
    );
  }
}
console.table(rows);
for (const line of lines) console.log(line);
