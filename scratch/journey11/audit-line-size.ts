// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// Journey 11: how long can one audit line get (a shipper cuts lines at 16 KiB)? A valid token, as
// an IdP may issue it, with many scopes and roles (an agent in many groups), ALLOWed and DENYed.
import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { createJsonLogger } from '@dual-auth/core';
import { agentHasRole, createDualAuthGuard, humanIn } from '@dual-auth/resource';
import { withDualAuth } from '@dual-auth/resource/fetch';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';

const { publicKey, privateKey } = await generateKeyPair('RS256');
const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] };
const issuer = 'https://kc.example/realms/agbac';
const lines: string[] = [];
const make = (humans: string[]) =>
  withDualAuth(
    () => Response.json({ ok: true }),
    createDualAuthGuard({
      profile: keycloakTokenProfile,
      issuer,
      audience: 'finance-api',
      keys: createLocalJWKSet(jwks),
      agentAllowed: agentHasRole('FinanceAgent'),
      humanAllowed: humanIn(humans),
      logger: createJsonLogger({ write: (l) => lines.push(l) }),
    }),
  );
for (const n of [10, 100, 200, 240, 300]) {
  const scopes = Array.from({ length: n }, (_, i) => `finance.ledger.region-${i}.read`);
  const roles = ['FinanceAgent', ...Array.from({ length: n }, (_, i) => `group-${i}-reader`)];
  const token = await new SignJWT({
    azp: 'finance-agent',
    client_id: 'finance-agent',
    scope: scopes.join(' '),
    realm_access: { roles },
    act: { sub: 'u-1' },
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(issuer)
    .setAudience('finance-api')
    .setSubject('sa-1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .setJti(crypto.randomUUID())
    .sign(privateKey);
  for (const [label, humans] of [
    ['ALLOW', ['u-1']],
    ['DENY', ['u-2']],
  ] as const) {
    lines.length = 0;
    const res = await make([...humans])(
      new Request('https://api.example/balance', { headers: { authorization: `Bearer ${token}` } }),
    );
    if (res.status === 401) console.log('  401:', await res.text());
    const longest = Math.max(...lines.map((l) => new TextEncoder().encode(l).length));
    console.log(
      `${n} scopes/roles, ${label} (${res.status}): token ${token.length} B, longest log line ${longest} B${longest > 16384 ? '  > 16 KiB' : ''}`,
    );
  }
}
