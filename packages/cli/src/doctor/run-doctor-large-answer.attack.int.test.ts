import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { startHttpsServer, startLocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { runDoctor } from './run-doctor.js';

// An attacker review: the doctor kept a clone of the token endpoint's 200 answer, read only after
// the adapter refused it. Left unread, the clone held the adapter's own cancel of a too-large answer
// (a tee's branch is cancelled together with the other) until the adapter's deadline: the doctor
// then waited out timeoutMs, however long, while the answer streamed in.
describe('runDoctor: a token endpoint whose 200 answer has no end', () => {
  it('lets go of the answer at the adapter limit and fails token-endpoint with its advice', async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    let served = 0;
    let closed = false;
    const chunk = 'x'.repeat(64 * 1024);
    const endless = await startHttpsServer(
      (_req, res) => {
        res.on('close', () => {
          closed = true;
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"token_type":"Bearer","access_token":"');
        const more = (): void => {
          while (!res.destroyed) {
            served += chunk.length;
            if (!res.write(chunk)) {
              res.once('drain', more);
              return;
            }
          }
        };
        more();
      },
      { ca: idp.ca },
    );
    try {
      const env = idp.env();
      const tokenUrl = new URL(env.KEYCLOAK_TOKEN_URL ?? idp.tokenUrl);
      tokenUrl.port = String(endless.port);
      const report = await runDoctor({
        human: [...idp.humans.values()][0]?.sub ?? 'no human',
        env: { ...env, KEYCLOAK_TOKEN_URL: tokenUrl.href },
        plugins: [keycloakPlugin],
        fetch: endless.fetch,
        // Longer than the test: the answer must be let go of because it is too large, not late.
        timeoutMs: 600_000,
      });
      expect(report.ok).toBe(false);
      expect(report.checks[0]).toMatchObject({
        id: 'token-endpoint',
        status: 'fail',
        detail: expect.stringMatching(/^answered HTTP 200 .*not a token endpoint/),
        fix: expect.stringMatching(/KEYCLOAK_TOKEN_URL/),
      });
      expect(report.checks.slice(1).every((check) => check.status === 'skip')).toBe(true);
      // The connection was let go of: the answer is not read on in the background.
      await expect.poll(() => closed, { timeout: 10_000 }).toBe(true);
      expect(served).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await endless.close();
      await idp.close();
    }
  }, 30_000);
});
