import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './run-cli.js';

// A FIFO with no writer blocks open() for ever (in a thread of Node's pool, so not even a timer
// ends it), a directory or a device is no token or key: anything but a regular file is refused at
// once, without reading it. Standard input is given as `-`.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-cli-special-'));
  execFileSync('mkfifo', [join(dir, 'token.fifo')]);
  await mkdir(join(dir, 'folder'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = (argv: string[], extra: Partial<CliIo> = {}) => capturedRun(argv, dir, extra);

const INPUTS = [
  {
    name: 'doctor --subject-token-file',
    argv: (f: string) => ['doctor', '--human', 'u-1', '--subject-token-file', f],
    what: '--subject-token-file',
  },
  {
    name: 'doctor --app-public-key-file',
    argv: (f: string) => ['doctor', '--human', 'u-1', '--app-public-key-file', f],
    what: '--app-public-key-file',
  },
  { name: 'jwks', argv: (f: string) => ['jwks', f], what: 'the PEM key file' },
] as const;

describe('files given to the CLI must be regular files', () => {
  for (const input of INPUTS) {
    for (const [file, kind] of [
      ['token.fifo', 'a FIFO'],
      ['folder', 'a directory'],
      ['/dev/zero', 'a device'],
    ] as const) {
      it(`${input.name} ${file}: exit 2 at once, saying it is ${kind} and to pipe with -`, async () => {
        const result = await cli(input.argv(file));
        expect(result.code).toBe(EXIT.usage);
        expect(result.stderr).toContain(`${input.what} (${file}) is ${kind}, not a regular file`);
        expect(result.stderr).toContain('-');
        expect(result.stdout).toBe('');
      }, 10_000);
    }
  }

  it('jwks - reads the PEM from standard input', async () => {
    const pem = execFileSync('openssl', ['genpkey', '-algorithm', 'ed25519'], { encoding: 'utf8' });
    const result = await cli(['jwks', '-'], { readStdin: async () => pem });
    expect(result.code).toBe(EXIT.ok);
    expect(JSON.parse(result.stdout).keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  });

  it('doctor --subject-token-file - reads standard input (then needs a configuration)', async () => {
    const result = await cli(['doctor', '--human', 'u-1', '--subject-token-file', '-']);
    expect(result.stdinReads).toBe(1);
    expect(result.code).toBe(EXIT.usage);
  });

  it('doctor --app-public-key-file - reads the key from standard input', async () => {
    const result = await cli(['doctor', '--human', 'u-1', '--app-public-key-file', '-'], {
      readStdin: async () => 'not a key',
    });
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('--app-public-key-file');
  });

  it('refuses standard input for two files at once', async () => {
    const result = await cli([
      'doctor',
      '--human',
      'u-1',
      '--subject-token-file',
      '-',
      '--app-public-key-file',
      '-',
    ]);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('only one file can be read from standard input');
    expect(result.stdinReads).toBe(0);
  });
});
