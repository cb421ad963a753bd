import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, open, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsBackendError } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretsBackend } from './file-secrets-backend.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dual-auth-secrets-file-attack-'));
  await writeFile(join(directory, 'APP_PRIVATE_KEY'), 'A'.repeat(1024 * 1024));
  await writeFile(join(directory, 'AGENT_CLIENT_SECRET'), 's'.repeat(64 * 1024));
  await symlink('/dev/zero', join(directory, 'ZERO'));
  execFileSync('mkfifo', [join(directory, 'FIFO')]);
});
afterAll(async () => {
  // A reader still blocked on the FIFO (before the fix) gets its end of file from a writer.
  await open(join(directory, 'FIFO'), constants.O_WRONLY | constants.O_NONBLOCK)
    .then((handle) => handle.close())
    .catch(() => undefined);
  await rm(directory, { recursive: true, force: true });
});

const backend = () => new FileSecretsBackend({ directory, env: {}, cacheLoadTimeoutMs: 5_000 });

async function refusal(key: string): Promise<SecretsBackendError> {
  const error = await backend()
    .getSecret(key)
    .catch((e: unknown) => e);
  expect(SecretsBackendError.isInstance(error)).toBe(true);
  return error as SecretsBackendError;
}

// Attack: whoever can write the secrets directory (a compromised sidecar, a mount of the wrong
// volume) puts in a file without end. The backend read a whole file into one string: a symlink to
// /dev/zero grew the heap until the process died (V8's "JavaScript heap out of memory"), and a
// FIFO held a thread of libuv's pool for good and each read until the load deadline.
describe('attack: a secret file that is huge, endless or not a file', () => {
  it('refuses a file over 64 KiB (the cloud stores cap a secret there), naming the key', async () => {
    const error = await refusal('APP_PRIVATE_KEY');
    expect(error.message).toBe(
      "Secret file 'APP_PRIVATE_KEY' is larger than 65536 bytes: a secret is never that large; check what the file holds.",
    );
  });

  it('still reads a file of exactly 64 KiB', async () => {
    await expect(backend().getSecret('AGENT_CLIENT_SECRET')).resolves.toHaveLength(64 * 1024);
  });

  it('refuses a symlink to /dev/zero without reading past the bound', async () => {
    const error = await refusal('ZERO');
    expect(error.message).toBe(
      "Secret file 'ZERO' is not a regular file (a device, FIFO or socket); put the secret in a file.",
    );
  });

  it('refuses a FIFO at once, without waiting for a writer', async () => {
    const error = await refusal('FIFO');
    expect(error.message).toBe(
      "Secret file 'FIFO' is not a regular file (a device, FIFO or socket); put the secret in a file.",
    );
  });
});
