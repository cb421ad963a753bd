import { describe, expect, it } from 'vitest';
import { onRuntime } from '../../test/on-runtime.js';
import { createEnvSecretsBackend } from './env-secrets-backend.js';
import { readEnv } from './read-env.js';

// Session 35 (wave35/edgeuser): the quick start's createAdapter(undefined, { plugins }) in a
// Cloudflare Worker without nodejs_compat reads `process.env`, which holds none of the Worker's
// variables (they are bindings of its `env` argument): it said only "Example: export
// KEYCLOAK_TOKEN_URL=your-value-here", a shell step a Worker has no use for. On Workers it now
// says where the variables are; the runtime check runs it in workerd.
const MISSING =
  "Environment variable 'KEYCLOAK_TOKEN_URL' is required but not set or empty. Example: export KEYCLOAK_TOKEN_URL=your-value-here";

const messageOf = (error: unknown) => (error as Error).message;

describe('the env backend on Cloudflare Workers', () => {
  it("says a missing variable is in the Worker's env when it read process.env", async () => {
    // Left out, and as getConfig and createAdapter pass it: readEnv().
    const backends = onRuntime(
      'Cloudflare-Workers',
      () => [createEnvSecretsBackend(), createEnvSecretsBackend({ env: readEnv() })],
      { env: {} },
    );
    for (const backend of backends) {
      const error = await backend.getSecret('KEYCLOAK_TOKEN_URL').catch((e: unknown) => e);
      expect(messageOf(error)).toBe(
        `${MISSING} (on Cloudflare Workers, pass the Worker's env: createAdapter(undefined, { env, plugins }))`,
      );
    }
  });

  it('keeps the message as it is for an env given, and on Node', async () => {
    const given = onRuntime('Cloudflare-Workers', () => createEnvSecretsBackend({ env: {} }));
    const onNode = createEnvSecretsBackend({ env: {} });
    for (const backend of [given, onNode]) {
      const error = await backend.getSecret('KEYCLOAK_TOKEN_URL').catch((e: unknown) => e);
      expect(messageOf(error)).toBe(MISSING);
    }
  });
});
