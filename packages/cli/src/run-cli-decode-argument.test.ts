import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// New user (session 37): `dual-auth decode token.jwt`, the file the README's own example pipes in
// (`dual-auth decode - < token.jwt`), answered only "not a compact JWT": nothing said that decode
// takes the token itself and reads no file, so the user went looking for a broken token.

const decode = (argument: string, stdin = '') =>
  capturedRun(['decode', argument], tmpdir(), { readStdin: async () => stdin });

describe('dual-auth decode of an argument that is no JWT', () => {
  it('a file name: exit 2, saying decode takes the token and how to give it a file, without echoing it', async () => {
    const result = await decode('token-of-alice.jwt');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('not a compact JWT');
    expect(result.stderr).toContain('dual-auth decode - < token.jwt');
    expect(result.stderr).not.toContain('token-of-alice');
    expect(result.stdout).toBe('');
  });

  it('standard input that is no JWT: exit 2, no advice to pipe what was already piped', async () => {
    const result = await decode('-', 'not-a-token');
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('not a compact JWT');
    expect(result.stderr).not.toContain('decode - <');
  });
});
