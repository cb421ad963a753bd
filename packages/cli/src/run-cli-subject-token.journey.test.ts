import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { startLocalIdp } from '@dual-auth/testing';
import { expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { oktaPresetEnv } from '../test/support/okta-preset-env.js';
import { EXIT } from './run-cli.js';

// Journey 9 (wave9/journey9): an operator runs `dual-auth doctor` with OAUTH_PRESET=okta and a
// subject-token file holding another test user's token than `--human`. The CLI exits 2 with the
// adapter's message, written for code ("must be act.sub or act.oid … pass the session's act …
// pass the session's own token"): it names neither `--human` nor `--subject-token-file`, the two
// things the operator can change.
it('names --human and --subject-token-file when the subject token is another human’s', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-journey9-'));
  const audience = 'https://mcp.example.com/mcp';
  const idp = await startLocalIdp({ vendor: 'okta', audience });
  try {
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    const tokenFile = join(dir, 'bob.jwt');
    await writeFile(tokenFile, await idp.issueSubjectToken({ human: 'bob' }), { mode: 0o600 });
    const { code, stdout, stderr } = await capturedRun(
      [
        'doctor',
        '--human',
        alice?.sub ?? 'no alice',
        '--audience',
        audience,
        '--subject-token-file',
        tokenFile,
      ],
      dir,
      { env: oktaPresetEnv(idp, audience), plugins: [oauthPlugin], fetch: idp.fetch },
    );
    expect(code).toBe(EXIT.usage);
    expect(`${stdout}${stderr}`).toMatch(/--subject-token-file/);
    expect(`${stdout}${stderr}`).toMatch(/--human/);
  } finally {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);

// wave25/newuser: in a delegation mode without --subject-token-file, the CLI printed the adapter's
// "pass subjectToken (UserSession.subjectToken)", an option of the code API the operator cannot give.
it('names --subject-token-file when a delegation mode is run without the human’s token', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-newuser-'));
  const audience = 'https://mcp.example.com/mcp';
  const idp = await startLocalIdp({ vendor: 'okta', audience });
  try {
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    const { code, stdout, stderr } = await capturedRun(
      ['doctor', '--human', alice?.sub ?? 'no alice', '--audience', audience],
      dir,
      { env: oktaPresetEnv(idp, audience), plugins: [oauthPlugin], fetch: idp.fetch },
    );
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/--subject-token-file <path>/);
    expect(stderr).toMatch(/DUAL_AUTH_DOCTOR_SUBJECT_TOKEN_FILE/);
    expect(stderr).not.toMatch(/UserSession/);
    expect(stdout).toBe(''); // no report: refused before any request
  } finally {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
