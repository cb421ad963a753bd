import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretsBackendError } from '../errors/secrets-backend-error.js';
import { createEnvSecretsBackend } from './env-secrets-backend.js';

const SECRET = 'env-secret-value-never-shown';

describe('createEnvSecretsBackend', () => {
  const backend = createEnvSecretsBackend({
    env: { AGENT_CLIENT_SECRET: `  ${SECRET}\n`, BLANK: '   ', EMPTY: '' },
  });

  it('is a v1 backend named environment', () => {
    expect(backend.specificationVersion).toBe('v1');
    expect(backend.backendName).toBe('environment');
  });

  it('returns the value trimmed', async () => {
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(SECRET);
  });

  it.each(['MISSING', 'BLANK', 'EMPTY'])('treats %s as missing', async (key) => {
    await expect(backend.getSecret(key, { required: false })).resolves.toBeUndefined();
    const error = await backend.getSecret(key).catch((e: unknown) => e);
    expect(SecretsBackendError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      message: `Environment variable '${key}' is required but not set or empty. Example: export ${key}=your-value-here`,
      backend: 'environment',
      key,
    });
  });

  it('never shows a value in its own string forms', () => {
    for (const text of [
      inspect(backend, { depth: 5, showHidden: true }),
      JSON.stringify(backend),
    ]) {
      expect(text).not.toContain(SECRET);
    }
  });

  it('reads the env it was given at call time, so later changes show', async () => {
    const env: Record<string, string> = {};
    const live = createEnvSecretsBackend({ env });
    env.LATE = 'now-set';
    await expect(live.getSecret('LATE')).resolves.toBe('now-set');
  });

  it('honours an aborted signal and rejects a bad key', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      backend.getSecret('AGENT_CLIENT_SECRET', { signal: controller.signal }),
    ).rejects.toThrow('stop');
    await expect(backend.getSecret('' as string)).rejects.toThrow(TypeError);
    expect(() => createEnvSecretsBackend({ env: 42 as never })).toThrow(TypeError);
  });
});

describe('env backend: getJsonSecret (Python get_json_secret)', () => {
  const secret = 'json-secret-never-shown';
  const backend = createEnvSecretsBackend({
    env: { SETTINGS: ` {"a":1,"token":"${secret}"} `, BROKEN: `{"token":"${secret}"`, LIST: '[1]' },
  });

  it('parses a JSON object; a missing one is undefined only when not required', async () => {
    await expect(backend.getJsonSecret('SETTINGS')).resolves.toEqual({ a: 1, token: secret });
    await expect(backend.getJsonSecret('NONE', { required: false })).resolves.toBeUndefined();
    await expect(backend.getJsonSecret('NONE')).rejects.toMatchObject({ key: 'NONE' });
  });

  it('refuses invalid JSON or a non-object without quoting the value', async () => {
    const broken = await backend.getJsonSecret('BROKEN').catch((e: unknown) => e as Error);
    expect(broken).toMatchObject({
      name: 'SecretsBackendError',
      backend: 'environment',
      key: 'BROKEN',
      message: "Environment variable 'BROKEN' contains invalid JSON: SyntaxError",
    });
    expect(`${broken} ${JSON.stringify(broken)}`).not.toContain(secret);
    await expect(backend.getJsonSecret('LIST')).rejects.toThrow(
      'contains JSON that is not an object',
    );
  });
});
