import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tokenEndpointHarness } from '../../test/token-endpoint-harness.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { permissionRefusal } from './permission-refusal.js';
import { safeFetchCause } from './safe-fetch-cause.js';

// Session 36 (wave36/smalls): a Deno refusal of a permission other than net (a custom `fetch` that
// reads a file needs --allow-read, one that reads a variable --allow-env) was worded as
// "run Deno with --allow-net" (and the token request's "Network access refused"), sending the
// operator after the wrong flag. The messages below are Deno 2.9.6's, as it threw them
// (`Deno.errors.NotCapable`); they quote a path or a variable's name, which is not repeated.
class NotCapable extends Error {
  override name = 'NotCapable';
}
const READ = new NotCapable(
  'Requires read access to "/home/alice/.config/idp-secret", run again with the --allow-read flag',
);
const ENV = new NotCapable(
  'Requires env access to "IDP_TOKEN", run again with the --allow-env flag',
);
const HOST = 'idp.example.com:8443';

describe('permissionRefusal of a permission other than net', () => {
  it.each([
    [READ, 'read', '/home/alice'],
    [ENV, 'env', 'IDP_TOKEN'],
  ])('names the flag Deno asked for, never the resource it quoted (%#)', (error, name, quoted) => {
    const refusal = permissionRefusal(new TypeError('fetch failed', { cause: error }));
    expect(refusal).toEqual({
      code: 'NotCapable',
      permission: name,
      advice: `run Deno with --allow-${name}`,
    });
    expect(refusal?.advice).not.toContain(quoted);
    // The copy kept as an error's cause does not quote it either.
    expect(safeFetchCause(error).message).toBe(
      `Requires ${name} access to "***REDACTED***", run again with the --allow-${name} flag`,
    );
    // A redacted copy keeps Deno's head, "Requires <name> access": the same flag.
    expect(permissionRefusal(safeFetchCause(error))?.advice).toBe(`run Deno with --allow-${name}`);
  });

  it('says "a Deno permission" when the message names none it knows, and no --allow-net', () => {
    const refusal = permissionRefusal(new NotCapable('Requires frobnicate access to "x"'));
    expect(refusal?.permission).toBeUndefined();
    expect(refusal?.advice).toBe(
      'run Deno with the flag of the permission it refused (a Deno permission; its message names it)',
    );
    expect(permissionRefusal(new NotCapable('denied'))?.advice).not.toContain('--allow-net');
  });

  it('a token request whose fetch Deno refused to read a file says read access and --allow-read', async () => {
    const run = await tokenEndpointHarness().run([], {
      tokenUrl: `https://${HOST}/realms/hidden/token`,
      fetch: async () => {
        throw READ;
      },
    });
    const error = await run.call.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Deno refused read access connecting to Keycloak (NotCapable): run Deno with --allow-read',
    );
    expect(run.forms).toEqual([1]);
    expect((error as Error).message).not.toContain('alice');
    expect(inspect(error, { depth: 10 })).not.toContain('alice');
  });
});
