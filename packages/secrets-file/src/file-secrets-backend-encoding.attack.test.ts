import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretsBackendError } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretsBackend } from './file-secrets-backend.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dual-auth-secrets-file-encoding-'));
  // PowerShell 5's `>` writes UTF-16LE with a byte-order mark; a Windows editor may save Latin-1.
  await writeFile(join(directory, 'UTF16_SECRET'), Buffer.from('\ufeffs3cret', 'utf16le'));
  await writeFile(join(directory, 'LATIN1_SECRET'), Buffer.from('caf\xe9-s3cret', 'latin1'));
  await writeFile(join(directory, 'UTF8_SECRET'), 'café-s3cret');
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

const backend = () => new FileSecretsBackend({ directory, env: {}, cacheLoadTimeoutMs: 5_000 });

// Attack: a secret file that is not UTF-8. The backend decoded it leniently, each bad byte became
// U+FFFD: a Latin-1 client secret reached the IdP changed (an invalid_client nobody could explain)
// and a UTF-16 one as "\ufffd\ufffds\0 3\0…". AWS and GCP refuse a value that is not UTF-8.
describe('attack: a secret file that is not UTF-8 text', () => {
  it.each(['UTF16_SECRET', 'LATIN1_SECRET'])(
    'refuses %s naming the key and the fix, never the bytes',
    async (key) => {
      const error = await backend()
        .getSecret(key)
        .catch((e: unknown) => e);
      expect(SecretsBackendError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        `Secret file '${key}' is not UTF-8 text (saved as UTF-16 or Latin-1?): write it as UTF-8, without a byte-order mark (printf '%s' "$SECRET" > ${key}).`,
      );
      expect((error as Error).message).not.toContain('s3cret');
    },
  );

  it('still reads UTF-8 text byte for byte', async () => {
    await expect(backend().getSecret('UTF8_SECRET')).resolves.toBe('café-s3cret');
  });
});
