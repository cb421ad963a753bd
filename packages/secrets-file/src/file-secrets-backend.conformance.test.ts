import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSecretsBackendConformance } from '@dual-auth/testing/conformance';
import { FileSecretsBackend, type ReadSecretFile } from './file-secrets-backend.js';

// The store is a real directory. Permission and resource failures cannot be caused for a root
// user (root reads any file), so those two are injected in the file read; everything else is real.
const CODES = { 'access-denied': 'EACCES', throttled: 'EMFILE' } as const;

runSecretsBackendConformance({
  name: 'file',
  settings: ['DUAL_AUTH_SECRETS_DIR'],
  start: async () => {
    const directory = await mkdtemp(join(tmpdir(), 'dual-auth-secrets-file-'));
    const failures: string[] = [];
    let reads = 0;
    const read: ReadSecretFile = async (path, options) => {
      if (path !== directory) {
        reads += 1;
        const code = failures.shift();
        if (code !== undefined) throw Object.assign(new Error(`injected ${code}`), { code });
      }
      return readFile(path, { encoding: 'utf8', ...options });
    };
    return {
      store: {
        setSecret: (key, value) => writeFileSync(join(directory, key), value),
        failNext: (failure, times = 1) => {
          for (let i = 0; i < times; i += 1) failures.push(CODES[failure]);
        },
        reads: () => reads,
        close: () => rm(directory, { recursive: true, force: true }),
      },
      env: { DUAL_AUTH_SECRETS_DIR: directory },
      createBackend: (options) =>
        new FileSecretsBackend({
          readFile: read,
          env: { DUAL_AUTH_SECRETS_DIR: directory },
          ...options,
        }),
    };
  },
});
