import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { createTestCa, createTrustingFetch, startLocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { closedLoopbackPort } from '../../test/support/closed-loopback-port.js';
import { startSilentServer } from '../../test/support/silent-server.js';
import { formatDoctorReport } from './format-doctor-report.js';
import { runDoctor } from './run-doctor.js';

// No answer from the token endpoint: the doctor says why in terms the operator can act on
// (refused, no such host, certificate, timeout), naming the host and port of the token URL and
// what to check; never a bare error class ("TypeError") and never the secret.
const SECRET = 'agent-secret-never-shown';

async function tokenEndpointDetail(
  tokenUrl: string,
  extra: { timeoutMs?: number; fetch?: typeof fetch } = {},
) {
  const report = await runDoctor({
    human: 'u-1',
    env: {
      DUAL_AUTH_VENDOR: 'keycloak',
      KEYCLOAK_TOKEN_URL: tokenUrl,
      AGENT_CLIENT_ID: 'finance-agent',
      AGENT_CLIENT_SECRET: SECRET,
    },
    plugins: [keycloakPlugin],
    ...extra,
  });
  expect(report.ok).toBe(false);
  const check = report.checks.find((c) => c.id === 'token-endpoint');
  expect(check?.status).toBe('fail');
  expect(JSON.stringify(report)).not.toContain(SECRET);
  expect(check?.detail).not.toMatch(/TypeError/);
  return check?.detail ?? '';
}

describe('runDoctor: why the token endpoint did not answer', () => {
  it('a closed loopback port: connection refused, naming host and port, what to check', async () => {
    const port = await closedLoopbackPort();
    const detail = await tokenEndpointDetail(`https://127.0.0.1:${port}/realms/a/token`);
    expect(detail).toContain(`connection refused by 127.0.0.1:${port}`);
    expect(detail).toContain('KEYCLOAK_TOKEN_URL');
    expect(detail).toMatch(/running|listen/);
  }, 30_000);

  it('an unresolvable host (.invalid, RFC 6761 §6.4): host not found, naming it', async () => {
    const detail = await tokenEndpointDetail('https://idp.invalid/realms/a/token');
    expect(detail).toContain('host not found: idp.invalid');
    expect(detail).toContain('KEYCLOAK_TOKEN_URL');
    expect(detail).toMatch(/DNS/);
  }, 30_000);

  it('a port fetch refuses to use (Fetch standard "bad port"): says so', async () => {
    const detail = await tokenEndpointDetail('https://127.0.0.1:6000/realms/a/token');
    expect(detail).toContain('127.0.0.1:6000');
    expect(detail).toContain('blocked port');
  }, 30_000);

  it('a server whose certificate this runtime does not trust: the TLS problem, host and port', async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    try {
      const url = new URL(idp.tokenUrl);
      // Node's own fetch, which does not trust the local IdP's test CA.
      const detail = await tokenEndpointDetail(idp.tokenUrl, { fetch: globalThis.fetch });
      expect(detail).toContain(`TLS certificate check failed for ${url.hostname}:${url.port}`);
      expect(detail).toContain('NODE_EXTRA_CA_CERTS');
    } finally {
      await idp.close();
    }
  }, 60_000);

  // Session 21 (user21): the trust is this machine's to fix (NODE_EXTRA_CA_CERTS), so no
  // "fix on the IdP" follows it: the vendor's advice (the token URL, Realm settings → Endpoints)
  // sent operators to the IdP console for a CA file they had to set in their own shell.
  it('an untrusted certificate: no IdP-side fix, the detail alone says what to do here', async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    try {
      const report = await runDoctor({
        human: 'u-1',
        env: { ...idp.env(), AGENT_CLIENT_SECRET: SECRET },
        plugins: [keycloakPlugin],
        fetch: globalThis.fetch,
      });
      const check = report.checks.find((c) => c.id === 'token-endpoint');
      expect(check?.status).toBe('fail');
      expect(check?.detail).toContain('NODE_EXTRA_CA_CERTS');
      expect(check).not.toHaveProperty('fix');
      expect(check).not.toHaveProperty('consolePath');
      expect(formatDoctorReport(report)).not.toContain('fix on the IdP');
    } finally {
      await idp.close();
    }
  }, 60_000);

  // Mend (Session 20, mend20): undici's connect timeout (an overloaded IdP) is a busy host, not a
  // wrong URL. A server that never answers the TLS handshake, undici's connect timeout set short.
  it('a connection the host did not accept in time: a busy host, not a wrong URL', async () => {
    const silent = await startSilentServer();
    const fetch = createTrustingFetch((await createTestCa()).caPem, { connectTimeoutMs: 200 });
    try {
      const detail = await tokenEndpointDetail(`https://127.0.0.1:${silent.port}/realms/a/token`, {
        fetch,
      });
      expect(detail).toContain(
        `connecting to 127.0.0.1:${silent.port} timed out (UND_ERR_CONNECT_TIMEOUT): the host did not accept the connection in time; check that the IdP is up and not overloaded`,
      );
    } finally {
      await fetch.dispatcher.close();
      await silent.close();
    }
  }, 30_000);

  it('a server that never answers: no answer within the timeout, host and port, --timeout-ms', async () => {
    const silent = await startSilentServer();
    try {
      const detail = await tokenEndpointDetail(`https://127.0.0.1:${silent.port}/realms/a/token`, {
        timeoutMs: 300,
      });
      expect(detail).toContain(`no answer within 300 ms: 127.0.0.1:${silent.port}`);
      expect(detail).toContain('--timeout-ms');
    } finally {
      await silent.close();
    }
  }, 30_000);
});
