import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { failure, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';
import { recordingLogger } from '../../test/token-server.js';
import { createTokenRequestLog } from './token-request-log.js';

const { run } = tokenEndpointHarness();

// What an IdP answered in the attack review: free text with an email where a code belongs.
const TEXT = 'user jane.victim@corp.example not found';
const request = { agentId: 'agent-1', act: { sub: 'u-1' }, scope: ['finance.read'] };

/** The call's error, and the `token_request_error` an adapter logs for it. */
async function answer(status: number, error: string, vendorCodes: readonly string[] = []) {
  const { call, logged } = await run([
    { status, body: { error, error_description: `Jane Victim (jane.victim@corp.example)` } },
  ]);
  const e = await failure(call);
  const { logger, events } = recordingLogger();
  createTokenRequestLog(logger, 'keycloak', vendorCodes).failure(request, e);
  return { e, logged: [...logged, ...events] };
}

describe("the IdP's error text in messages and logs (attack review #6)", () => {
  it.each([409, 418, 500])(
    'an HTTP %i error that is no code reaches neither the message (unrecognized_error) nor a log (other)',
    async (status) => {
      const { e, logged } = await answer(status, TEXT);
      expect(e.message).toBe(
        `Token request failed (HTTP ${status}): Keycloak error (${status}): unrecognized_error`,
      );
      const tokenRequestError = logged.find((l) => l.event === 'token_request_error');
      expect(tokenRequestError?.fields).toMatchObject({ error_type: 'other' });
      expect(JSON.stringify(logged)).not.toContain('victim');
    },
  );

  it('an HTTP 400 text error keeps its status message and logs other', async () => {
    const { e, logged } = await answer(400, TEXT);
    expect(e.message).toBe('Token request failed (HTTP 400): Bad request');
    expect(logged.find((l) => l.event === 'token_request_error')?.fields).toMatchObject({
      error_type: 'other',
    });
    expect(JSON.stringify(logged)).not.toContain('victim');
  });

  it.each(['tenant_locked', 'urn:vendor:quota.exceeded', 'E-42'])(
    'a code-shaped vendor error %j is still said in the message; logged when the vendor lists it',
    async (code) => {
      const { e, logged } = await answer(409, code, [code]);
      expect(e.message).toBe(`Token request failed (HTTP 409): Keycloak error (409): ${code}`);
      expect(logged.find((l) => l.event === 'token_request_error')?.fields).toMatchObject({
        error_type: code,
      });
      // A code-shaped `error` may still be a name ("jane.victim"): unlisted, the log says other.
      const unlisted = await answer(409, code);
      expect(unlisted.logged.find((l) => l.event === 'token_request_error')?.fields).toMatchObject({
        error_type: 'other',
      });
    },
  );

  it.each(['a b', 'x'.repeat(65), 'a@b', 'é'])(
    'an error %j outside [\\w.:-]{1,64} is unrecognized_error',
    async (text) => {
      const { e } = await answer(409, text);
      expect(e.message).toBe(
        'Token request failed (HTTP 409): Keycloak error (409): unrecognized_error',
      );
    },
  );

  it("the error's toJSON and util.inspect (what apps log) show neither text; its properties keep it without the email", async () => {
    const { e } = await answer(400, TEXT);
    for (const text of [JSON.stringify(e), inspect(e, { depth: 10 })]) {
      expect(text).not.toContain('victim');
      expect(text).not.toContain('Victim');
    }
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      error: 'unrecognized_error',
      status: 400,
    });
    expect(e.error).toBe('user ***REDACTED*** not found');
  });
});
