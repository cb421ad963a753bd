import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigurationError,
  getConfig,
  loadSecretsBackend,
  SecretsBackendError,
} from '@dual-auth/core';
import { loadWorkspaceAdapterPlugins } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fileModule from './index.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dual-auth-secrets-file-'));
  await writeFile(join(directory, 'AGENT_CLIENT_SECRET'), ' padded secret ');
  await writeFile(join(directory, 'AGENT_CLIENT_ID'), 'finance-agent\n');
  await writeFile(
    join(directory, 'KEYCLOAK_TOKEN_URL'),
    'https://kc.example/realms/r/protocol/openid-connect/token',
  );
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe('FileSecretsBackend', () => {
  it('plugs in by DUAL_AUTH_SECRETS_BACKEND=file and DUAL_AUTH_SECRETS_DIR alone', async () => {
    const env = { DUAL_AUTH_SECRETS_BACKEND: 'file', DUAL_AUTH_SECRETS_DIR: directory };
    const importModule = async (specifier: string) => {
      expect(specifier).toBe('@dual-auth/secrets-file');
      return fileModule;
    };
    const backend = await loadSecretsBackend(undefined, { env, importModule });
    expect(backend.backendName).toBe('file');
    await expect(backend.getSecret('AGENT_CLIENT_SECRET')).resolves.toBe(' padded secret ');
  });

  it('serves getConfig: names trimmed, the secret byte for byte', async () => {
    const plugins = [fileModule.fileSecretsPlugin];
    const adapters = await loadWorkspaceAdapterPlugins();
    const config = await getConfig({
      vendor: 'keycloak',
      secretsBackend: 'file',
      backendOptions: { directory },
      env: {},
      plugins: [...plugins, ...adapters],
    });
    expect(config).toMatchObject({ clientId: 'finance-agent' });
    expect(config.clientSecret).toBe(' padded secret ');
  }, 120_000); // Loads the workspace's adapter plugins from source.

  it('says a setting missing from the folder but set in the environment must be stored there too', async () => {
    const partial = await mkdtemp(join(tmpdir(), 'dual-auth-secrets-file-partial-'));
    try {
      await writeFile(join(partial, 'AGENT_CLIENT_ID'), 'finance-agent');
      await writeFile(join(partial, 'AGENT_CLIENT_SECRET'), 'secret');
      const adapters = await loadWorkspaceAdapterPlugins();
      const load = (env: Record<string, string>) =>
        getConfig({
          vendor: 'keycloak',
          env: { DUAL_AUTH_SECRETS_BACKEND: 'file', DUAL_AUTH_SECRETS_DIR: partial, ...env },
          plugins: [fileModule.fileSecretsPlugin, ...adapters],
        }).catch((e: unknown) => e);
      // A migration keeps the token URL in the environment and moves the secret to files.
      const error = await load({
        KEYCLOAK_TOKEN_URL: 'https://kc.example/realms/r/protocol/openid-connect/token',
      });
      expect(SecretsBackendError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ backend: 'file', key: 'KEYCLOAK_TOKEN_URL' });
      expect((error as Error).message).toBe(
        "Secret file 'KEYCLOAK_TOKEN_URL' not found in the secrets directory (DUAL_AUTH_SECRETS_DIR). " +
          'KEYCLOAK_TOKEN_URL is set in the environment, but with the file secrets backend every ' +
          'vendor setting is read from the store alone: store it there too, or unset ' +
          'DUAL_AUTH_SECRETS_BACKEND.',
      );
      expect((error as Error).message).not.toContain('kc.example');
      // Not in the environment either: the store's own message, unchanged.
      const plain = await load({});
      expect((plain as Error).message).toBe(
        "Secret file 'KEYCLOAK_TOKEN_URL' not found in the secrets directory (DUAL_AUTH_SECRETS_DIR).",
      );
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  }, 120_000); // Loads the workspace's adapter plugins from source.

  it('refuses a key that would leave the directory, without reading anything', async () => {
    const backend = new fileModule.FileSecretsBackend({ directory, env: {} });
    for (const key of ['../etc/passwd', '..', 'a/b']) {
      const error = await backend.getSecret(key).catch((e: unknown) => e);
      expect(SecretsBackendError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ backend: 'file', key });
    }
  });

  it('reads DUAL_AUTH_SECRETS_DIR, else /run/secrets', () => {
    expect(
      new fileModule.FileSecretsBackend({ env: { DUAL_AUTH_SECRETS_DIR: ' /s ' } }).directory,
    ).toBe('/s');
    expect(new fileModule.FileSecretsBackend({ env: {} }).directory).toBe('/run/secrets');
    expect(String(new fileModule.FileSecretsBackend({ env: {} }))).toBe(
      'FileSecretsBackend { directory: default /run/secrets }',
    );
  });

  it('refuses a blank directory option, which would read secrets from the working directory', () => {
    for (const [blank, said] of [
      ['', /^directory is blank: /],
      [' \n', /^directory is only whitespace: /],
    ] as const) {
      let error: unknown;
      try {
        new fileModule.FileSecretsBackend({ directory: blank, env: {} });
      } catch (caught) {
        error = caught;
      }
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(said);
    }
  });
});
