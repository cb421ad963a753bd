import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import {
  generateRsaKeyPair,
  heldClock,
  type LocalIdp,
  type LocalIdpMisconfiguration,
  startHttpsServer,
  startLocalIdp,
} from '@dual-auth/testing';
import { calculateJwkThumbprint, decodeJwt, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { closedLoopbackPort } from '../test/support/closed-loopback-port.js';
import { startSilentServer } from '../test/support/silent-server.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = (argv: string[], extra: Partial<CliIo> = {}) => capturedRun(argv, dir, extra);

async function withIdp<T>(
  misconfigure: LocalIdpMisconfiguration | undefined,
  run: (idp: LocalIdp, human: string) => Promise<T>,
  vendor = 'keycloak',
): Promise<T> {
  const idp = await startLocalIdp({
    vendor,
    // The local Keycloak's default audience is `account`, which the doctor refuses as an API's.
    ...(vendor === 'keycloak' ? { audience: 'finance-api' } : {}),
    ...(misconfigure ? { misconfigure } : {}),
  });
  try {
    const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
    return await run(idp, alice?.sub ?? 'no alice');
  } finally {
    await idp.close();
  }
}

const doctorArgs = (idp: LocalIdp, human: string, ...more: string[]) => [
  'doctor',
  '--human',
  human,
  '--scope',
  'finance.read',
  '--role',
  'FinanceAgent',
  '--audience',
  idp.audience,
  ...more,
];

describe('dual-auth doctor (exit codes, text and --json)', () => {
  it('exits 0 with every check passed on a correct IdP, and prints no secret or human id', async () => {
    await withIdp(undefined, async (idp, human) => {
      const env = idp.env();
      const out = await cli(doctorArgs(idp, human), {
        env,
        plugins: [keycloakPlugin],
        fetch: idp.fetch,
      });
      expect(out.code).toBe(EXIT.ok);
      expect(out.stdout).toMatch(/^PASS {2}human: act\.sub is the human$/m);
      expect(out.stdout).toMatch(/doctor: all checks passed\n$/);
      for (const text of [out.stdout, out.stderr]) {
        expect(text).not.toContain(env.AGENT_CLIENT_SECRET);
        expect(text).not.toContain(human);
      }
    });
  }, 60_000);

  it('exits 1 on a failed check, with the fix in the text and in --json', async () => {
    await withIdp({ missingRole: true }, async (idp, human) => {
      const io = { env: idp.env(), plugins: [keycloakPlugin], fetch: idp.fetch };
      const text = await cli(doctorArgs(idp, human), io);
      expect(text.code).toBe(EXIT.checkFailed);
      expect(text.stdout).toMatch(/^FAIL {2}agent-role: missing FinanceAgent/m);
      expect(text.stdout).toContain('Service account roles → Assign role');
      expect(text.stdout).toMatch(/doctor: 1 of 7 checks failed\n$/);

      const json = await cli(doctorArgs(idp, human, '--json'), io);
      expect(json.code).toBe(EXIT.checkFailed);
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({ ok: false, vendor: 'keycloak', layout: 'legacy' });
      expect(report.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
        ['token-endpoint', 'pass'],
        ['client-authentication', 'pass'],
        ['human', 'pass'],
        ['audience', 'pass'],
        ['scopes', 'pass'],
        ['agent-role', 'fail'],
        ['lifetime', 'pass'],
      ]);
      expect(report.checks[5]).toMatchObject({
        consolePath: 'Clients → <agent client> → Service account roles → Assign role',
        docs: expect.stringMatching(/^https:\/\/www\.keycloak\.org\//),
      });
      expect(json.stdout).not.toContain(human);
    });
  }, 60_000);

  it('exits 2 without a test human, or with a configuration getConfig refuses', async () => {
    const noHuman = await cli(['doctor'], { env: {} });
    expect(noHuman.code).toBe(EXIT.usage);
    expect(noHuman.stderr).toContain('--human <sub> or DUAL_AUTH_DOCTOR_HUMAN');
    const noVendor = await cli(['doctor', '--human', 'u-1'], { env: {} });
    expect(noVendor.code).toBe(EXIT.usage);
    expect(noVendor.stderr).toMatch(/DUAL_AUTH_VENDOR/);
  });

  // Journey 8: `--human alice@example.com` passed the human check; act.sub is the IdP's user id.
  it('warns, without echoing it, when --human looks like an email address', async () => {
    const email = await cli(['doctor', '--human', 'alice@example.com'], { env: {} });
    expect(email.stderr).toContain('warning: --human looks like an email address');
    expect(email.stderr).not.toContain('alice');
    const id = await cli(['doctor', '--human', 'f3b1c2d4-0000-4000-8000-000000000001'], {
      env: {},
    });
    expect(id.stderr).not.toContain('email');
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await cli(['doctr'])).code).toBe(EXIT.usage);
    expect((await cli(['doctor', '--max-lifetime-seconds', 'ten'])).code).toBe(EXIT.usage);
  });
});

describe('dual-auth doctor for Entra ID: the app key the API holds', () => {
  const withEntra = <T>(run: (idp: LocalIdp, human: string) => Promise<T>) =>
    withIdp(undefined, run, 'entraid');
  const entraArgs = (idp: LocalIdp, human: string, ...more: string[]) => [
    'doctor',
    '--human',
    human,
    '--role',
    'FinanceAgent',
    '--audience',
    idp.audience,
    ...more,
  ];
  const appKeyOf = (stdout: string) =>
    (JSON.parse(stdout) as { checks: { id: string }[] }).checks.find((c) => c.id === 'app-key');

  it('exits 0 when APP_PUBLIC_KEY, or a JWKS file from `dual-auth jwks`, verifies the act assertion', async () => {
    await withEntra(async (idp, human) => {
      const env: Record<string, string> = { ...idp.env(), APP_PUBLIC_KEY: idp.app.publicKeyPem };
      const io = { env, plugins: [entraIdPlugin], fetch: idp.fetch };
      const text = await cli(entraArgs(idp, human), io);
      expect(text.code).toBe(EXIT.ok);
      expect(text.stdout).toMatch(
        /^PASS {2}app-key: signed RS256 by finance-agent, names the human, .*verifies with APP_PUBLIC_KEY$/m,
      );
      for (const out of [text.stdout, text.stderr]) {
        expect(out).not.toContain(env.AGENT_CLIENT_SECRET);
        expect(out).not.toContain(human);
        expect(out).not.toContain('PRIVATE KEY');
      }

      await writeFile(join(dir, 'entra-app.pem'), idp.app.privateKeyPem, { mode: 0o600 });
      const jwks = await cli(['jwks', 'entra-app.pem']);
      await writeFile(join(dir, 'entra-app-jwks.json'), jwks.stdout);
      const fromJwks = await cli(
        entraArgs(idp, human, '--app-public-key-file', 'entra-app-jwks.json', '--json'),
        { ...io, env: idp.env() },
      );
      expect(fromJwks.code).toBe(EXIT.ok);
      expect(appKeyOf(fromJwks.stdout)).toMatchObject({
        status: 'pass',
        detail: expect.stringMatching(/verifies with --app-public-key-file$/),
      });
    });
  }, 120_000);

  it('exits 1 with the deploy-or-rotate advice in --json when the API holds a different key', async () => {
    await withEntra(async (idp, human) => {
      const other = await generateRsaKeyPair();
      await writeFile(join(dir, 'other-public.pem'), other.publicKeyPem);
      const io = { env: idp.env(), plugins: [entraIdPlugin], fetch: idp.fetch };
      const json = await cli(
        entraArgs(idp, human, '--app-public-key-file', 'other-public.pem', '--json'),
        io,
      );
      expect(json.code).toBe(EXIT.checkFailed);
      const report = JSON.parse(json.stdout);
      expect(report).toMatchObject({ ok: false, vendor: 'entraid', layout: 'legacy' });
      expect(report.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
        ['token-endpoint', 'pass'],
        ['client-authentication', 'pass'],
        ['human', 'pass'],
        ['app-key', 'fail'],
        ['audience', 'pass'],
        ['scopes', 'skip'],
        ['agent-role', 'pass'],
        ['lifetime', 'pass'],
      ]);
      expect(appKeyOf(json.stdout)).toEqual({
        id: 'app-key',
        status: 'fail',
        detail:
          'the key the API holds (--app-public-key-file) does not verify the act assertion (bad_signature)',
        fix: expect.stringMatching(
          // wave25/newuser: named only APP_PRIVATE_KEY_PATH, though this agent's key is APP_PRIVATE_KEY.
          /^The API holds a different key: deploy the public key of the app key \(APP_PRIVATE_KEY or APP_PRIVATE_KEY_PATH; dual-auth jwks <key file>\)/,
        ),
        consolePath: expect.stringMatching(/^Entra admin center → .* → Certificates & secrets/),
        docs: expect.stringMatching(/^https:\/\/learn\.microsoft\.com\//),
      });
      expect(json.stdout).not.toContain(human);

      // The IdP's own JWKS is not the app's key either.
      const fromUri = await cli(entraArgs(idp, human, '--app-jwks-uri', idp.jwksUrl), io);
      expect(fromUri.code).toBe(EXIT.checkFailed);
      expect(fromUri.stdout).toMatch(
        /^FAIL {2}app-key: the key the API holds \(--app-jwks-uri https:\/\/127\.0\.0\.1:\d+\/.*\) does not verify/m,
      );
      expect(fromUri.stdout).toContain('fix on the IdP: The API holds a different key');
    });
  }, 120_000);

  it('names the --app-jwks-uri without its query or path parameters in the report and progress', async () => {
    await withEntra(async (idp, human) => {
      const bare = new URL(idp.jwksUrl);
      const withQuery = `${bare.href}?sig=SAS-SECRET-123`;
      const withPathParameter = `${bare.href};jsessionid=SESSION-SECRET-456`;
      let progress = '';
      const io = {
        env: idp.env(),
        plugins: [entraIdPlugin],
        fetch: idp.fetch,
        stderr: { write: (text: string) => (progress += text), isTTY: true },
      };
      const text = await cli(entraArgs(idp, human, '--app-jwks-uri', withQuery), io);
      expect(text.code).toBe(EXIT.checkFailed);
      expect(text.stdout).toContain(
        `FAIL  app-key: the key the API holds (--app-jwks-uri ${bare.href}) does not verify`,
      );
      expect(progress).toContain(
        `verifying the act assertion with --app-jwks-uri ${bare.href}: failed`,
      );
      // The local IdP serves no such path: the key cannot be read, and the report says from where.
      const json = await cli(
        entraArgs(idp, human, '--app-jwks-uri', withPathParameter, '--json'),
        io,
      );
      expect(appKeyOf(json.stdout)).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining(`from --app-jwks-uri ${bare.href} (key_unavailable)`),
      });
      for (const out of [text.stdout, json.stdout, progress]) {
        expect(out).not.toContain('SAS-SECRET-123');
        expect(out).not.toContain('SESSION-SECRET-456');
      }
    });
  }, 120_000);

  // Session 38 (doctor2): the API's key server down exited 1, as a wrong key does: retry later is 3.
  it("exits 3 when the API's key server is down (refused, HTTP 503), 1 for an invalid JWKS", async () => {
    await withEntra(async (idp, human) => {
      let status = 503;
      const keys = await startHttpsServer((_req, res) => {
        if (status === 200) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        else res.writeHead(status).end('down for maintenance');
      });
      try {
        // Each server trusts its own test CA: the request goes with the fetch that trusts it.
        const fetch: typeof globalThis.fetch = (input, init) =>
          String(input).startsWith(keys.url) ? keys.fetch(input, init) : idp.fetch(input, init);
        const io = { env: idp.env(), plugins: [entraIdPlugin], fetch };
        const run = async (uri: string) => {
          const out = await cli(entraArgs(idp, human, '--app-jwks-uri', uri, '--json'), io);
          return { code: out.code, appKey: appKeyOf(out.stdout) };
        };
        const refused = await run(`https://127.0.0.1:${await closedLoopbackPort()}/jwks`);
        expect(refused).toMatchObject({
          code: EXIT.unavailable,
          appKey: { unavailable: true, detail: expect.stringContaining('(no answer)') },
        });
        const down = await run(`${keys.url}/jwks`);
        expect(down).toMatchObject({
          code: EXIT.unavailable,
          appKey: { unavailable: true, detail: expect.stringMatching(/\(HTTP 503\).*retry later/) },
        });
        expect(down.appKey).not.toHaveProperty('fix');
        status = 200;
        const invalid = await run(`${keys.url}/jwks`);
        expect(invalid.code).toBe(EXIT.checkFailed);
        expect(invalid.appKey).not.toHaveProperty('unavailable');
      } finally {
        await keys.close();
      }
    });
  }, 120_000);

  // Session 39 (tidya): 511 (a proxy or captive portal wants a sign-in) and 505 (what answers is
  // not the server the URL should name) exited 3, "retry later", as every 5xx: no retry cures them.
  it("exits 1 when the API's key server answers HTTP 511 or 505, saying what to do", async () => {
    await withEntra(async (idp, human) => {
      let status = 511;
      const keys = await startHttpsServer((_req, res) => {
        res.writeHead(status).end('<h1>sign in to the network</h1>');
      });
      try {
        const fetch: typeof globalThis.fetch = (input, init) =>
          String(input).startsWith(keys.url) ? keys.fetch(input, init) : idp.fetch(input, init);
        const io = { env: idp.env(), plugins: [entraIdPlugin], fetch };
        const run = async () => {
          const uri = `${keys.url}/jwks`;
          const out = await cli(entraArgs(idp, human, '--app-jwks-uri', uri, '--json'), io);
          return { code: out.code, appKey: appKeyOf(out.stdout) };
        };
        const portal = await run();
        expect(portal.code).toBe(EXIT.checkFailed);
        expect(portal.appKey).not.toHaveProperty('unavailable');
        expect(portal.appKey).not.toHaveProperty('fix');
        expect(portal.appKey).toMatchObject({
          detail: expect.stringMatching(
            /\(HTTP 511\).*a proxy or captive portal .*wants a sign-in.*sign in to the network/,
          ),
        });
        status = 505;
        const other = await run();
        expect(other.code).toBe(EXIT.checkFailed);
        expect(other.appKey).not.toHaveProperty('unavailable');
        expect(other.appKey).toMatchObject({
          detail: expect.stringMatching(/\(HTTP 505\).*check that --app-jwks-uri names/),
        });
      } finally {
        await keys.close();
      }
    });
  }, 120_000);

  it('exits 2 for an API key that is a private key, not HTTPS, or given twice', async () => {
    await writeFile(join(dir, 'private-as-public.pem'), (await generateRsaKeyPair()).privateKeyPem);
    const secret = await cli([
      'doctor',
      '--human',
      'u-1',
      '--app-public-key-file',
      'private-as-public.pem',
    ]);
    expect(secret.code).toBe(EXIT.usage);
    expect(secret.stderr).toContain('--app-public-key-file is a private key; give the public key');
    expect(secret.stderr).not.toMatch(/-----BEGIN PRIVATE KEY-----\n\w/);

    const http = await cli([
      'doctor',
      '--human',
      'u-1',
      '--app-jwks-uri',
      'http://keys.example.com/jwks',
    ]);
    expect(http.code).toBe(EXIT.usage);
    expect(http.stderr).toMatch(/https/i);
    const both = await cli([
      'doctor',
      '--human',
      'u-1',
      '--app-jwks-uri',
      'https://keys.example.com/jwks',
      '--app-public-key-file',
      'k.pem',
    ]);
    expect(both.code).toBe(EXIT.usage);
    expect(both.stderr).toContain('cannot be used with');
  });

  it('exits 2 for a JWKS file that holds a private key, naming the key but none of its parts', async () => {
    const pair = await generateRsaKeyPair();
    const publicJwk = createPublicKey(pair.publicKeyPem).export({ format: 'jwk' });
    const privateJwk = createPrivateKey(pair.privateKeyPem).export({ format: 'jwk' });
    await writeFile(
      join(dir, 'private-jwks.json'),
      JSON.stringify({
        keys: [
          { ...publicJwk, kid: 'pub' },
          { ...privateJwk, kid: 'app' },
        ],
      }),
      { mode: 0o600 },
    );
    const out = await cli([
      'doctor',
      '--human',
      'u-1',
      '--app-public-key-file',
      'private-jwks.json',
    ]);
    expect(out.code).toBe(EXIT.usage);
    expect(out.stderr).toContain(
      "--app-public-key-file keys[1] is a private JWK; give the public JWK (without 'd')",
    );
    expect(out.stderr).not.toContain(String(privateJwk.d));
    expect(out.stdout).toBe('');
  });
});

describe('dual-auth doctor --timeout-ms', () => {
  it('exits 3 with "no answer within N ms" when the token endpoint never answers', async () => {
    const silent = await startSilentServer();
    // --timeout-ms passes on this clock, and only once the server took the connection: on the
    // real clock a slow machine spent the 250 ms before connecting, or before the server's
    // accept ran, and the test failed for the machine's speed.
    const clock = heldClock();
    void silent.connected.then(() => clock.advance(250));
    try {
      await withIdp(undefined, async (idp, human) => {
        const env = idp.env();
        const tokenUrl = new URL(idp.tokenUrl);
        tokenUrl.port = String(silent.port);
        const out = await cli(doctorArgs(idp, human, '--timeout-ms', '250'), {
          env: { ...env, KEYCLOAK_TOKEN_URL: tokenUrl.href },
          plugins: [keycloakPlugin],
          fetch: idp.fetch,
          clock,
        });
        expect(out.code).toBe(EXIT.unavailable);
        expect(out.stdout).toMatch(/^FAIL {2}token-endpoint: no answer within 250 ms: /m);
        // An outage is no configuration to fix: retry later, no IdP fix.
        expect(out.stdout).toContain('retry later: ');
        expect(out.stdout).not.toContain('fix on the IdP: ');
        expect(silent.sockets.length).toBeGreaterThan(0);
      });
    } finally {
      await silent.close();
    }
  }, 60_000);

  it.each(['0', '-5', 'ten', '2s', '1.5', '3000000000', '1e20', '30'])(
    'exits 2 for --timeout-ms %s, saying what it must be',
    async (value) => {
      const out = await cli(['doctor', '--human', 'u-1', '--timeout-ms', value]);
      expect(out.code).toBe(EXIT.usage);
      expect(out.stderr).toContain(`option '--timeout-ms <ms>' argument '${value}' is invalid`);
      expect(out.stderr).toContain(
        '--timeout-ms takes a whole number of milliseconds from 100 to 2147483647',
      );
    },
  );
});

describe('dual-auth keys generate, jwks, decode', () => {
  it.each(['RS256', 'ES256', 'EdDSA'])(
    'keys generate --alg %s writes a 0600 PKCS#8 key and prints only its JWKS (RFC 7638 kid)',
    async (alg) => {
      const out = await cli(['keys', 'generate', '--alg', alg, '--out', `${alg}.pem`]);
      expect(out.code).toBe(EXIT.ok);
      const file = join(dir, `${alg}.pem`);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const pem = await readFile(file, 'utf8');
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(out.stdout + out.stderr).not.toContain('PRIVATE KEY');
      const jwks = JSON.parse(out.stdout) as { keys: (JWK & { kid: string })[] };
      const [jwk] = jwks.keys;
      expect(jwk).toMatchObject({ alg, use: 'sig' });
      expect(jwk).not.toHaveProperty('d');
      const { kid, alg: _alg, use: _use, ...bare } = jwk ?? { kid: '' };
      expect(kid).toBe(await calculateJwkThumbprint(bare, 'sha256'));

      const again = await cli(['jwks', `${alg}.pem`]);
      expect(again.code).toBe(EXIT.ok);
      expect(JSON.parse(again.stdout)).toEqual(jwks);
    },
  );

  it('keys generate never overwrites a key, and prints the private key only with --stdout', async () => {
    await cli(['keys', 'generate', '--out', 'kept.pem']);
    const before = await readFile(join(dir, 'kept.pem'), 'utf8');
    const overwrite = await cli(['keys', 'generate', '--out', 'kept.pem']);
    expect(overwrite.code).toBe(EXIT.usage);
    expect(await readFile(join(dir, 'kept.pem'), 'utf8')).toBe(before);
    expect(overwrite.stderr).not.toContain('PRIVATE KEY');
    expect(overwrite.stderr).toBe(
      'dual-auth: kept.pem already exists, and keys generate never overwrites a file: choose another --out or remove it\n',
    );
    await writeFile(join(dir, 'taken.json'), '{}');
    const jwksTaken = await cli([
      'keys',
      'generate',
      '--out',
      'fresh.pem',
      '--jwks-out',
      'taken.json',
    ]);
    expect(jwksTaken.code).toBe(EXIT.usage);
    expect(jwksTaken.stderr).toBe(
      'dual-auth: taken.json already exists, and keys generate never overwrites a file: choose another --jwks-out or remove it\n',
    );
    // Nothing is written when one of the two files is taken: no private key without its JWKS.
    await expect(stat(join(dir, 'fresh.pem'))).rejects.toMatchObject({ code: 'ENOENT' });

    const nowhere = await cli(['keys', 'generate']);
    expect(nowhere.code).toBe(EXIT.usage);
    expect(nowhere.stdout).toBe('');
    expect(nowhere.stderr).toContain('--out <file> (or --stdout');

    const printed = await cli(['keys', 'generate', '--stdout']);
    expect(printed.code).toBe(EXIT.ok);
    expect(printed.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n\{\n {2}"keys"/);
  });

  it('keys generate refuses one file for both --out and --jwks-out before writing either', async () => {
    const same = await cli(['keys', 'generate', '--out', 'both.pem', '--jwks-out', './both.pem']);
    expect(same.code).toBe(EXIT.usage);
    expect(same.stderr).toBe(
      'dual-auth: --out and --jwks-out are the same file (both.pem): give the JWKS another file, or leave out --jwks-out to print it\n',
    );
    expect(same.stdout + same.stderr).not.toContain('PRIVATE KEY');
    await expect(stat(join(dir, 'both.pem'))).rejects.toMatchObject({ code: 'ENOENT' });

    await mkdir(join(dir, 'keys'));
    await symlink(join(dir, 'keys'), join(dir, 'keys-alias'));
    const aliased = await cli([
      'keys',
      'generate',
      '--out',
      'keys/agent.pem',
      '--jwks-out',
      'keys-alias/agent.pem',
    ]);
    expect(aliased.code).toBe(EXIT.usage);
    expect(aliased.stderr).toContain('--out and --jwks-out are the same file (keys/agent.pem)');
    await expect(stat(join(dir, 'keys', 'agent.pem'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('jwks and decode refuse what is not a key or a JWT without repeating it', async () => {
    const missing = await cli(['jwks', 'no-such.pem']);
    expect(missing.code).toBe(EXIT.usage);
    await writeFile(join(dir, 'not-a-key.txt'), 'hunter2-not-a-key');
    const notKey = await cli(['jwks', 'not-a-key.txt']);
    expect(notKey.code).toBe(EXIT.usage);
    expect(notKey.stderr).toContain('not a PEM key');
    expect(notKey.stderr).not.toContain('hunter2');
    const garbage = await cli(['decode', 'definitely-not.a-secret-jwt']);
    expect(garbage.code).toBe(EXIT.usage);
    expect(garbage.stderr).not.toContain('definitely-not');
  });

  it('decode writes control, C1 and bidi/format characters of a hostile token as \\uXXXX', async () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = { alg: 'none', 'x\u001b]0;pwned\u0007': 1 };
    const claims = {
      sub: 'a\u202eevil\u009b31m\u200f\u2066x\u2069\u061c\ufeff\u2028',
      act: { sub: 'u\u001b[2J', email: 'alice@example.com' },
    };
    const out = await cli(['decode', `${b64(header)}.${b64(claims)}.c2ln`]);
    expect(out.code).toBe(EXIT.ok);
    expect(out.stdout.replaceAll('\n', '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
    expect(out.stdout).toContain(
      '"sub": "a\\u202eevil\\u009b31m\\u200f\\u2066x\\u2069\\u061c\\ufeff\\u2028"',
    );
    expect(JSON.parse(out.stdout)).toEqual({ header, claims, signature: '(elided)' });
  });

  it('decode prints header and claims with the signature elided, from an argument or stdin', async () => {
    await withIdp(undefined, async (idp) => {
      const token = await idp.issueSubjectToken({ human: 'alice' });
      const signature = token.split('.')[2] ?? '';
      for (const out of [
        await cli(['decode', token]),
        await cli(['decode', '-'], { readStdin: async () => `${token}\n` }),
      ]) {
        expect(out.code).toBe(EXIT.ok);
        const decoded = JSON.parse(out.stdout);
        expect(decoded.header).toMatchObject({ alg: 'RS256' });
        expect(decoded.claims).toEqual(decodeJwt(token));
        expect(decoded.signature).toBe('(elided)');
        expect(out.stdout).not.toContain(signature);
      }
    });
  }, 60_000);
});
