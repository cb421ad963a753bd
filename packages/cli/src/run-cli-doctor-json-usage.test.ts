import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// Session 38 (opsmend): with --json, a usage error printed text only (on standard error) and
// nothing on standard output, so a pipeline's `jq` read an empty document. Standard output now
// holds one JSON object ({ ok: false, exitCode: 2, error }), standard error the text as before.
const jsonOf = async (argv: string[], env: Record<string, string> = {}) => {
  const out = await capturedRun(argv, tmpdir(), { env });
  expect(out.code).toBe(EXIT.usage);
  const parsed = JSON.parse(out.stdout);
  expect(out.stderr).toContain(parsed.error);
  return parsed;
};

describe('doctor --json: a usage error is one JSON object on standard output, exit 2', () => {
  it('an unknown flag', async () => {
    expect(await jsonOf(['doctor', '--json', '--no-such-flag'])).toEqual({
      ok: false,
      exitCode: 2,
      error: "error: unknown option '--no-such-flag'",
    });
  });

  it('no --human', async () => {
    expect(await jsonOf(['doctor', '--json'])).toEqual({
      ok: false,
      exitCode: 2,
      error: 'doctor needs the test human: --human <sub> or DUAL_AUTH_DOCTOR_HUMAN',
    });
  });

  it('a bad DUAL_AUTH_LOG', async () => {
    const { error } = await jsonOf(['doctor', '--human', 'u-1', '--json'], {
      DUAL_AUTH_LOG: 'yaml',
    });
    expect(error).toMatch(/DUAL_AUTH_LOG/);
  });

  it('a bad option value, --json given first', async () => {
    const { error } = await jsonOf(['doctor', '--json', '--timeout-ms', '1e3']);
    expect(error).toContain('--timeout-ms');
  });

  it('without --json, standard output stays empty', async () => {
    const out = await capturedRun(['doctor', '--no-such-flag'], tmpdir());
    expect(out.code).toBe(EXIT.usage);
    expect(out.stdout).toBe('');
  });
});
