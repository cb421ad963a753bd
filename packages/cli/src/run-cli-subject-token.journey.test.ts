import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { startLocalIdp } from '@dual-auth/testing';
import { expect, it } from 'vitest';
import { oktaPresetEnv } from '../test/support/okta-preset-env.js';
import { EXIT, runCli } from './run-cli.js';

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
    let stdout = '';
    let stderr = '';
    const code = await runCli(
      [
        'doctor',
        '--human',
        alice?.sub ?? 'no alice',
        '--audience',
        audience,
        '--subject-token-file',
        tokenFile,
      ],
      {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env: oktaPresetEnv(idp, audience),
        cwd: dir,
        readStdin: async () => '',
        plugins: [oauthPlugin],
        fetch: idp.fetch,
      },
    );
    expect(code).toBe(EXIT.usage);
    expect(`${stdout}${stderr}`).toMatch(/--subject-token-file/);
    expect(`${stdout}${stderr}`).toMatch(/--human/);
  } finally {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
