import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalIdpCli } from './start-local-idp-cli.js';

// Journey 9: the CLI README told an operator to pass --subject-token-file to `dual-auth doctor`
// in the delegation modes, but the standalone local IdP gave no way to get a human's token.
describe('dual-auth-idp --subject-token <user>', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-idp-subject-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the test human's own token to a 0600 file, prints its path only, removes it on stop", async () => {
    const envFile = join(dir, '.env');
    const lines: string[] = [];
    const running = await startLocalIdpCli(
      ['--vendor', 'keycloak', '--port', '0', '--env-file', envFile, '--subject-token', 'alice'],
      dir,
      (line) => lines.push(line),
    );
    const file = join(dir, '.dual-auth-idp', 'alice.jwt');
    try {
      const env = parseEnv(await readFile(envFile, 'utf8'));
      const token = (await readFile(file, 'utf8')).trim();
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const claims = decodeJwt(token);
      expect(claims.sub).toBe(env.HUMAN_ALICE_SUB);
      expect([claims.aud].flat()).toContain(env.AGENT_CLIENT_ID);
      expect(lines.join('\n')).toContain(file);
      expect(lines.join('\n')).not.toContain(token);
    } finally {
      await running?.stop();
    }
    await expect(stat(file)).rejects.toThrow(/ENOENT/);
  }, 60_000);

  it('refuses a name that is no test human, before writing anything', async () => {
    const envFile = join(dir, 'other.env');
    await expect(
      startLocalIdpCli(
        ['--port', '0', '--env-file', envFile, '--subject-token', '../mallory'],
        dir,
        () => undefined,
      ),
    ).rejects.toThrow(/--subject-token \.\.\/mallory is no test human; known: alice, bob/);
    await expect(stat(envFile)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
