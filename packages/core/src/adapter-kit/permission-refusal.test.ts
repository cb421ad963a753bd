import { inspect } from 'node:util';
import type { FlattenedJWSInput } from 'jose';
import { describe, expect, it } from 'vitest';
import { SECRET, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';
import { recordingLogger } from '../../test/token-server.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { permissionRefusal } from './permission-refusal.js';
import { createRemoteJwks } from './remote-jwks.js';
import { safeFetchCause } from './safe-fetch-cause.js';

// Session 35 (wave35/edgeuser): Deno run without --allow-net for the IdP throws `NotCapable`
// from `fetch` ("Requires net access to "127.0.0.1:18443", run again with the --allow-net flag")
// before connecting. A token request said "no answer from 127.0.0.1:18443: check that the IdP
// serves HTTPS there …" (and retried), and a JWKS download logged only `unreachable: true`: both
// sent the operator after the network. They now say Deno refused, with the flag, host and port.
// The error below is the one Deno 2.9.6 throws (`Deno.errors.NotCapable`, not a TypeError);
// tools/check-runtimes.mjs runs the real one inside Deno.
class NotCapable extends Error {
  override name = 'NotCapable';
}
const HOST = 'idp.example.com:8443';
const refusedBy = (host: string) => async (): Promise<Response> => {
  throw new NotCapable(`Requires net access to "${host}", run again with the --allow-net flag`);
};
const ADVICE = `Requires net access to "${HOST}", run again with the --allow-net flag`;

describe('permissionRefusal', () => {
  it("reads Deno's refusal, also as a cause, and names the flag with host and port", () => {
    const error = new NotCapable(
      `Requires net access to "${HOST}", run again with the --allow-net flag`,
    );
    expect(permissionRefusal(error)).toEqual({
      code: 'NotCapable',
      advice: ADVICE,
      permission: 'net',
    });
    expect(permissionRefusal(new Error('wrapped', { cause: error }))?.advice).toBe(ADVICE);
  });

  // Session 35 (wave35/review2): a request that followed a redirect (the API's choice of host)
  // must not be told to widen --allow-net to that host; nor may a host of any length be repeated.
  it('says a redirect led to a host other than the one requested, without the flag advice', () => {
    const error = new NotCapable(
      'Requires net access to "elsewhere.example:443", run again with the --allow-net flag',
    );
    expect(permissionRefusal(error, new URL('https://elsewhere.example/x'))?.advice).toBe(
      'Requires net access to "elsewhere.example:443", run again with the --allow-net flag',
    );
    expect(permissionRefusal(error, new URL(`https://${HOST}/x`))?.advice).toBe(
      'a redirect led to "elsewhere.example:443", which --allow-net leaves out: allow it only if this program should reach it',
    );
    const long = new NotCapable(
      `Requires net access to "${'a'.repeat(300)}.example:443", run again with the --allow-net flag`,
    );
    expect(permissionRefusal(long)?.advice).toBe('run Deno with --allow-net');
  });

  it('gives the bare flag when the message quotes no host (a redacted copy)', () => {
    const copy = safeFetchCause(new NotCapable('Requires net access to "a b", run again'));
    expect(permissionRefusal(copy)?.advice).toBe('run Deno with --allow-net');
  });

  it('is undefined for a network failure, a TLS failure or a non-error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(permissionRefusal(new TypeError('fetch failed', { cause: refused }))).toBeUndefined();
    expect(permissionRefusal('NotCapable')).toBeUndefined();
    expect(
      permissionRefusal({ name: 'NotCapable', message: 'Requires net access to "x:1"' }),
    ).toBeUndefined();
  });
});

describe('a token request Deno refuses to send', () => {
  const harness = tokenEndpointHarness();

  it('is a ConfigurationError naming --allow-net with host and port, not retried', async () => {
    const run = await harness.run([], {
      tokenUrl: `https://${HOST}/realms/hidden/token?key=q`,
      fetch: refusedBy(HOST),
    });
    const error = await run.call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `Network access refused connecting to Keycloak (NotCapable): ${ADVICE}`,
    );
    expect(run.forms).toEqual([1]);
    expect(run.sleeps).toEqual([]);
    expect(run.logged).toContainEqual(
      expect.objectContaining({
        event: 'keycloak_network_error',
        fields: { error_type: 'NotCapable', attempt: 1 },
      }),
    );
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    expect(inspect(error, { depth: 10 })).not.toContain('hidden');
  });
});

describe('a JWKS download Deno refuses to make', () => {
  it('logs jwks_refresh_failed with the refusal and the flag to pass', async () => {
    const { logger, events } = recordingLogger();
    const jwks = createRemoteJwks(`https://${HOST}/certs`, { fetch: refusedBy(HOST), logger });
    await expect(jwks({ alg: 'RS256', kid: 'k1' }, {} as FlattenedJWSInput)).rejects.toThrow();
    expect(events).toContainEqual(
      expect.objectContaining({
        event: 'jwks_refresh_failed',
        fields: expect.objectContaining({
          jwks_host: HOST,
          runtime_refusal: 'NotCapable',
          advice: ADVICE,
        }),
      }),
    );
  });
});
