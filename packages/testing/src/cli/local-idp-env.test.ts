import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatEnvFile, LOCAL_IDP_ENV_MARKER } from './local-idp-env.js';

const PEM = '-----BEGIN PUBLIC KEY-----\nMIIBIjAN\nBgkqhkiG\n-----END PUBLIC KEY-----\n';

describe('formatEnvFile', () => {
  it('writes a file Node parses back to the same values, a PEM across lines', () => {
    const text = formatEnvFile({ AGENT_CLIENT_ID: 'finance-agent', APP_PUBLIC_KEY: PEM }, 'hello');
    expect(text.startsWith(`${LOCAL_IDP_ENV_MARKER}\n# hello\n`)).toBe(true);
    expect(parseEnv(text)).toEqual({
      AGENT_CLIENT_ID: 'finance-agent',
      APP_PUBLIC_KEY: PEM.trimEnd(),
    });
  });

  it('writes a file a POSIX shell sources to the same values as Node (set -a; . ./.env)', () => {
    // The local Auth0 IdP's humans are `auth0|…`: unquoted, a shell read `|` as a pipe and set
    // HUMAN_ALICE_SUB to `auth0`, so `dual-auth doctor --human "$HUMAN_ALICE_SUB"` asked for nobody.
    const vars = {
      HUMAN_ALICE_SUB: 'auth0|65f1a11ce1a11ce1a11ce1a1',
      NODE_EXTRA_CA_CERTS: '/home/me/my project/.dual-auth-idp/ca.pem',
      FINANCE_USERS: 'a;b,c&d',
      API_SCOPE: 'api://finance-api/.default',
      APP_NAME: "Alice's app",
      APP_PUBLIC_KEY: PEM,
    };
    const text = formatEnvFile(vars, 'shell');
    const parsed = parseEnv(text);
    const dir = mkdtempSync(join(tmpdir(), 'dual-auth-env-'));
    try {
      writeFileSync(join(dir, '.env'), text);
      // `env -0`: every variable the shell exports, NUL-separated (a PEM keeps its line breaks).
      const out = execFileSync('/bin/sh', ['-c', 'set -a; . ./.env; set +a; exec env -0'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '' },
      });
      const fromShell = Object.fromEntries(
        out
          .split('\0')
          .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)])
          .filter(([name]) => name !== undefined && name in vars),
      );
      expect(fromShell).toEqual(parsed);
      expect(parsed).toEqual({ ...vars, APP_PUBLIC_KEY: PEM.trimEnd() });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a value it cannot quote and a name Node would not read', () => {
    expect(() => formatEnvFile({ X: 'a"b' }, '')).toThrow('formatEnvFile: X holds a double quote');
    expect(() => formatEnvFile({ X: "it's $HOME" }, '')).toThrow(
      'formatEnvFile: X holds a single quote and one of $ ` \\, which no quoting reads alike in Node and a shell',
    );
    expect(() => formatEnvFile({ 'bad-name': 'x' }, '')).toThrow(
      'formatEnvFile: bad name bad-name',
    );
  });
});
