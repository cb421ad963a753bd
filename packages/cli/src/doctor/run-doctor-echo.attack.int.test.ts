import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { type HttpsHandler, startHttpsServer } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { formatDoctorReport } from './format-doctor-report.js';
import { runDoctor } from './run-doctor.js';

// An attacker review: the IdP's error text and the answer values the adapter quotes reached the
// report as the IdP wrote them. A token endpoint that echoes the human it was asked about (act.sub
// of the client assertion) or another user's email put them on the operator's terminal and in
// the CI log, which the doctor promises never to do.
const HUMAN = 'alice.w@corp.example';
const OTHER = 'bob@corp.example';

function answering(status: number, body: () => unknown): HttpsHandler {
  return (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body()));
    });
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function reportFor(handler: HttpsHandler) {
  const server = await startHttpsServer(handler);
  try {
    const report = await runDoctor({
      human: HUMAN,
      env: {
        DUAL_AUTH_VENDOR: 'keycloak',
        KEYCLOAK_TOKEN_URL: `${server.url}/realms/a/protocol/openid-connect/token`,
        AGENT_CLIENT_ID: 'finance-agent',
        AGENT_CLIENT_SECRET: 'agent-secret-never-shown',
      },
      plugins: [keycloakPlugin],
      fetch: server.fetch,
      timeoutMs: 10_000,
    });
    const printed = `${formatDoctorReport(report)}\n${JSON.stringify(report)}`;
    expect(printed.toLowerCase()).not.toContain(HUMAN.toLowerCase());
    expect(printed).not.toContain(OTHER);
    return report;
  } finally {
    await server.close();
  }
}

describe('runDoctor: a token endpoint that echoes the human or an email', () => {
  it('in error_description: the code and the rest of the text stay, the ids do not', async () => {
    const report = await reportFor(
      answering(400, () => ({
        error: 'invalid_grant',
        error_description: `user ${HUMAN.toUpperCase()} is disabled; ask ${OTHER}`,
      })),
    );
    const check = report.checks.find((c) => c.id === 'client-authentication');
    expect(check?.status).toBe('fail');
    expect(check?.detail).toMatch(/invalid_grant: user \*\*\*REDACTED\*\*\* is disabled; ask /);
  }, 30_000);

  it('as the OAuth error code itself', async () => {
    const report = await reportFor(answering(401, () => ({ error: HUMAN })));
    expect(report.checks.find((c) => c.id === 'client-authentication')?.status).toBe('fail');
  }, 30_000);

  it('in a 200 answer field the adapter quotes when it refuses it (token_type)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'finance-agent',
      azp: 'finance-agent',
      act: { sub: HUMAN },
      exp: now + 60,
    };
    const report = await reportFor(
      answering(200, () => ({
        token_type: HUMAN,
        expires_in: 60,
        access_token: `${b64({ alg: 'none' })}.${b64(claims)}.x`,
      })),
    );
    const check = report.checks.find((c) => c.id === 'human');
    expect(check?.status).toBe('fail');
    expect(check?.detail).toContain('token_type');
  }, 30_000);
});
