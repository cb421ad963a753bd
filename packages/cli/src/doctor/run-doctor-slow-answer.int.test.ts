import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { heldClock, startHttpsServer, startLocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { runDoctor } from './run-doctor.js';

// A token endpoint that sends its status and headers at once, then its body a few bytes at a time
// (an overloaded IdP, a proxy that buffers): it did answer, so "sent nothing back" would send the
// operator after a firewall instead of the IdP's slow answer.
describe('runDoctor: a token endpoint that answers 200 and then drips its body', () => {
  it('says the answer started (HTTP 200) but its body did not arrive within --timeout-ms', async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    const clock = heldClock();
    let closed = false;
    const dripping = await startHttpsServer(
      (_req, res) => {
        res.on('close', () => {
          closed = true;
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"token_type":"Bearer",');
        const drip = setInterval(() => {
          if (res.destroyed) clearInterval(drip);
          else res.write(' ');
        }, 20);
        res.on('close', () => clearInterval(drip));
      },
      { ca: idp.ca },
    );
    try {
      const env = idp.env();
      const tokenUrl = new URL(env.KEYCLOAK_TOKEN_URL ?? idp.tokenUrl);
      tokenUrl.port = String(dripping.port);
      const report = await runDoctor({
        human: [...idp.humans.values()][0]?.sub ?? 'no human',
        env: { ...env, KEYCLOAK_TOKEN_URL: tokenUrl.href },
        plugins: [keycloakPlugin],
        // The deadline passes on the doctor's clock once the answer's headers are in, while its
        // body is still coming: never because the machine was slow.
        fetch: async (input, init) => {
          const response = await dripping.fetch(input, init);
          setImmediate(() => clock.advance(250));
          return response;
        },
        clock,
        timeoutMs: 250,
      });
      expect(report.ok).toBe(false);
      const check = report.checks[0];
      expect(check).toMatchObject({ id: 'token-endpoint', status: 'fail' });
      expect(check?.detail).not.toContain('sent nothing back');
      expect(check?.detail).toMatch(/HTTP 200/);
      expect(check?.detail).toContain(`127.0.0.1:${dripping.port}`);
      expect(check?.detail).toContain('--timeout-ms');
      expect(report.checks.slice(1).every((c) => c.status === 'skip')).toBe(true);
      // The answer is let go of, not read on in the background.
      await expect.poll(() => closed, { timeout: 10_000 }).toBe(true);
    } finally {
      await dripping.close();
      await idp.close();
    }
  }, 60_000);
});
