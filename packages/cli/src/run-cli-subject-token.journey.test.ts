import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { oauthPlugin } from '@dual-auth/adapter-oauth';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { oktaPresetEnv } from '../test/support/okta-preset-env.js';
import { EXIT } from './run-cli.js';

/** `dual-auth doctor` for `human` against the local Okta IdP (OAUTH_PRESET=okta) of `idp`. */
function oktaDoctor(idp: LocalIdp, dir: string, human: string | undefined, tokenFile: string) {
  const audience = 'https://mcp.example.com/mcp';
  return capturedRun(
    [
      'doctor',
      '--human',
      human ?? 'no alice',
      '--audience',
      audience,
      '--subject-token-file',
      tokenFile,
    ],
    dir,
    { env: oktaPresetEnv(idp, audience), plugins: [oauthPlugin], fetch: idp.fetch },
  );
}

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
    const { code, stdout, stderr } = await oktaDoctor(idp, dir, alice?.sub, tokenFile);
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

// wave25/newuser: OAUTH_MODE=id-jag with the file's token read as an access token (the default
// --subject-token-kind) printed the adapter's "pass subjectToken: UserSession.idToken … or
// createSubjectToken(assertion, TOKEN_TYPE.saml2)", code the operator does not write.
it('names --subject-token-kind id when id-jag is given the token as an access token', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-newuser-'));
  const idp = await startLocalIdp({ vendor: 'oauth' });
  try {
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    const tokenFile = join(dir, 'alice.jwt');
    const idToken = await idp.issueSubjectToken({
      human: 'alice',
      kind: 'id',
      clientId: idp.env().AGENT_CLIENT_ID ?? '',
    });
    await writeFile(tokenFile, idToken, { mode: 0o600 });
    const { code, stdout, stderr } = await capturedRun(
      ['doctor', '--human', alice?.sub ?? 'no alice', '--subject-token-file', tokenFile],
      dir,
      {
        env: {
          ...idp.env(),
          OAUTH_MODE: 'id-jag',
          OAUTH_IDP_TOKEN_URL: idp.tokenUrl,
          OAUTH_RESOURCE_ISSUER: idp.issuer,
        },
        plugins: [oauthPlugin],
        fetch: idp.fetch,
      },
    );
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--subject-token-kind id/);
    expect(stderr).not.toMatch(/UserSession|createSubjectToken/);
  } finally {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);

it('names --subject-token-kind when the file holds an access token (typ at+jwt) labelled an ID token', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-newuser-'));
  try {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const accessToken = `${part({ alg: 'RS256', typ: 'at+jwt' })}.${part({ sub: 'u-1', exp: 4_000_000_000 })}.c2ln`;
    const tokenFile = join(dir, 'token.jwt');
    await writeFile(tokenFile, accessToken, { mode: 0o600 });
    const { code, stderr } = await capturedRun(
      ['doctor', '--human', 'u-1', '--subject-token-file', tokenFile, '--subject-token-kind', 'id'],
      dir,
      {
        env: {
          DUAL_AUTH_VENDOR: 'oauth',
          OAUTH_MODE: 'token-exchange',
          OAUTH_TOKEN_URL: 'https://idp.example/oauth2/token',
          AGENT_CLIENT_ID: 'finance-agent',
          AGENT_CLIENT_SECRET: 's'.repeat(40),
        },
        plugins: [oauthPlugin],
        fetch: async () => {
          throw new Error('no request expected');
        },
      },
    );
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/typ at\+jwt/);
    expect(stderr).toMatch(/drop --subject-token-kind id/);
    expect(stderr).not.toMatch(/UserSession|--human the user id/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// wave25/newuser: the IdP's invalid_grant to a token exchange (the human's token refused: expired,
// another client's, not a token at all) failed `client-authentication`, with the advice to
// register the agent client; the adapter's message says the subject token was refused.
it('files an invalid_grant to a token exchange under the human’s token, not client authentication', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-newuser-'));
  const idp = await startLocalIdp({ vendor: 'oauth' });
  try {
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    const tokenFile = join(dir, 'alice.jwt');
    await writeFile(tokenFile, 'not-a-token-the-idp-issued', { mode: 0o600 });
    const { code, stdout } = await capturedRun(
      ['doctor', '--human', alice?.sub ?? 'no alice', '--subject-token-file', tokenFile, '--json'],
      dir,
      {
        env: { ...idp.env(), OAUTH_MODE: 'token-exchange' },
        plugins: [oauthPlugin],
        fetch: idp.fetch,
      },
    );
    expect(code).toBe(EXIT.checkFailed);
    const checks = (
      JSON.parse(stdout) as { checks: { id: string; status: string; detail: string }[] }
    ).checks;
    const byId = Object.fromEntries(checks.map((check) => [check.id, check]));
    expect(byId['client-authentication']?.status).toBe('pass');
    expect(byId.human?.status).toBe('fail');
    expect(byId.human?.detail).toMatch(/invalid_grant/);
    expect(byId.human?.detail).toMatch(/--subject-token-file/);
  } finally {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);

// wave27/newuser: following the testing README's doctor step without OAUTH_PRESET (the local
// Keycloak IdP's env file alone), the doctor passed every check: the legacy layout exchanges no
// token, so the human's token in --subject-token-file was never used and nothing said so.
it('refuses --subject-token-file in the legacy layout, before any request, saying how to exchange it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-newuser-'));
  const idp = await startLocalIdp({ vendor: 'keycloak' });
  try {
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    const tokenFile = join(dir, 'alice.jwt');
    await writeFile(tokenFile, await idp.issueSubjectToken({ human: 'alice' }), { mode: 0o600 });
    const { code, stdout, stderr } = await capturedRun(
      ['doctor', '--human', alice?.sub ?? 'no alice', '--subject-token-file', tokenFile],
      dir,
      { env: idp.env(), plugins: [keycloakPlugin], fetch: idp.fetch },
    );
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'dual-auth: --subject-token-file (DUAL_AUTH_DOCTOR_SUBJECT_TOKEN_FILE) is for the delegation modes, which exchange the human’s own token; vendor keycloak requests the legacy layout, which sends none: leave it out, or set DUAL_AUTH_VENDOR=oauth with OAUTH_PRESET (or OAUTH_MODE) of @dual-auth/adapter-oauth to exchange it\n',
    );
    expect(idp.requests).toEqual([]);
  } finally {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);

// Review of session 39 (review2): the adapter refuses a human's token the IdP would plainly refuse
// (unsigned, long expired) with SubjectTokenRequiredError, which the CLI read as no token given:
// "give it as a file, --subject-token-file <path>" to an operator who had, and not why it was refused.
it('says why the token of --subject-token-file is refused when it is long expired', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-review2-'));
  const audience = 'https://mcp.example.com/mcp';
  const idp = await startLocalIdp({ vendor: 'okta', audience });
  try {
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    const tokenFile = join(dir, 'alice.jwt');
    const expired = await idp.issueSubjectToken({ human: 'alice', expiresInSeconds: -600 });
    await writeFile(tokenFile, expired, { mode: 0o600 });
    const { code, stdout, stderr } = await oktaDoctor(idp, dir, alice?.sub, tokenFile);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toMatch(/the token of --subject-token-file is past its exp/);
    expect(stderr).toMatch(/put a fresh token of the human's sign-in in the file/);
    expect(stderr).not.toMatch(/give it as a file|UserSession/);
    expect(`${stdout}${stderr}`).not.toContain(expired);
    expect(stdout).toBe(''); // no report: refused before any request
  } finally {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
