// Cost of verifying a dual-subject token (signature, iss, aud, times, vendor shape, act) relative
// to raw jose.jwtVerify of the same token with the same key. Not a test: run with `pnpm bench`.
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { compareToBaseline, formatComparison } from '../../../tools/bench-kit.ts';
import { verifyDualSubjectToken } from '../src/index.js';

const ISSUER = 'https://idp.example.com/realms/agbac';
const AUDIENCE = 'finance-api';
const { privateKey, publicKey } = await generateKeyPair('RS256');
const token = await new SignJWT({
  azp: 'finance-agent',
  realm_access: { roles: ['FinanceAgent'] },
  scope: 'finance.read',
  act: { sub: '5b1f0c2e-7d4a-4e8b-9a31-2f6c8d0e1a11' },
})
  .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
  .setIssuer(ISSUER)
  .setAudience(AUDIENCE)
  .setSubject('18471201-7be5-47a3-93d1-e9e668115b37')
  .setIssuedAt()
  .setExpirationTime('5m')
  .sign(privateKey);

const comparison = await compareToBaseline(
  () => jwtVerify(token, publicKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'] }),
  () =>
    verifyDualSubjectToken(token, {
      vendor: 'keycloak',
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: publicKey,
    }),
);
console.log(formatComparison('verifyDualSubjectToken / raw jose.jwtVerify', comparison));
