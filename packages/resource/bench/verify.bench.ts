// Cost of verifying a dual-subject token (signature, iss, aud, times, the token profile's agent,
// roles and scopes, act) relative to raw jose.jwtVerify of the same token, for every key form an
// API may hold: SPKI PEM text, a public JWK, a CryptoKey, and a JWKS (jose's local set for both).
// Baselines run in the same rounds, alternating (median of the per-round ratios). RS256, ES256 and
// EdDSA alike; `CPU ratio` is raw jose's CPU time per call ÷ ours (robust on a shared machine).
// Not a test: run with `pnpm bench` in packages/resource.
import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
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
import { type VerificationKeys, verifyDualSubjectToken } from '../src/index.js';

const ISSUER = 'https://idp.example.com/realms/agbac';
const AUDIENCE = 'finance-api';

async function measure(alg: 'RS256' | 'ES256' | 'EdDSA') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg };
  const token = await new SignJWT({
    azp: 'finance-agent',
    realm_access: { roles: ['FinanceAgent'] },
    scope: 'finance.read',
    act: { sub: '5b1f0c2e-7d4a-4e8b-9a31-2f6c8d0e1a11' },
  })
    .setProtectedHeader({ alg, typ: 'JWT', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('18471201-7be5-47a3-93d1-e9e668115b37')
    .setIssuedAt()
    .setExpirationTime('5m')
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
    const comparison = await compareToBaseline(raw, ours);
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
