import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// A huge file given where a token or a key goes (a log file, a disk image): the CLI stops at the
// bound and says so, instead of reading until memory runs out. A device (`/dev/zero`) is no
// regular file, refused before any read: run-cli-special-files.attack.test.ts.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-cli-files-'));
  await writeFile(join(dir, 'huge.pem'), `-----BEGIN PUBLIC KEY-----\n${'A'.repeat(1_048_577)}`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = (argv: string[]) => capturedRun(argv, dir);

describe('files given to the CLI are read up to 1 MiB', () => {
  for (const file of ['huge.pem']) {
    it(`jwks ${file}: exit 2, saying the file is too large`, async () => {
      const result = await cli(['jwks', file]);
      expect(result.code).toBe(EXIT.usage);
      expect(result.stderr).toContain('the PEM key file is larger than 1 MiB');
      expect(result.stdout).toBe('');
    });

    it(`doctor --subject-token-file ${file}: exit 2 before any request`, async () => {
      const result = await cli(['doctor', '--human', 'u-1', '--subject-token-file', file]);
      expect(result.code).toBe(EXIT.usage);
      expect(result.stderr).toContain('--subject-token-file is larger than 1 MiB');
    });

    it(`doctor --app-public-key-file ${file}: exit 2 before any request`, async () => {
      const result = await cli(['doctor', '--human', 'u-1', '--app-public-key-file', file]);
      expect(result.code).toBe(EXIT.usage);
      expect(result.stderr).toContain('--app-public-key-file is larger than 1 MiB');
    });
  }
});
