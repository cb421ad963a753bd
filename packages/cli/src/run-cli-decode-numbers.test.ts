import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// Session 39 (tidya): `dual-auth decode` printed a claim of 1e400 as null and an integer past 2^53
// rounded (what JSON.parse made of them): a tool for looking at tokens showed another value than
// the token holds. Such a number is printed as the token writes it, and listed in `notes`.

const part = (json: string) => Buffer.from(json).toString('base64url');
const token = (claims: string) => `${part('{"alg":"ES256","typ":"JWT"}')}.${part(claims)}.c2ln`;

const decode = (jwt: string) => capturedRun(['decode', jwt], tmpdir());

describe('dual-auth decode of numbers JavaScript cannot hold exactly', () => {
  it('prints them as the token writes them, and says what JavaScript reads', async () => {
    const claims =
      '{"sub":"u-1","exp":1e400,"big":12345678901234567891,"low":-1E+400,"tiny":1e-400,"act":{"n":[1,9007199254740993]},"ok":1.5,"e":1E2,"max":9007199254740991}';
    const result = await decode(token(claims));
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain('"exp": 1e400,');
    expect(result.stdout).toContain('"big": 12345678901234567891,');
    expect(result.stdout).toContain('"low": -1E+400,');
    expect(result.stdout).toContain('"tiny": 1e-400,');
    expect(result.stdout).toMatch(/"n": \[\s+1,\s+9007199254740993\s+\]/);
    // Numbers JavaScript holds as written keep JSON's own form.
    expect(result.stdout).toContain('"ok": 1.5,');
    expect(result.stdout).toContain('"e": 100,');
    expect(result.stdout).toContain('"max": 9007199254740991');
    expect(result.stdout).not.toContain('null');
    const printed = JSON.parse(result.stdout) as { notes: string[] };
    expect(printed.notes).toEqual([
      'claims.exp is printed as the token writes it; JavaScript reads Infinity',
      'claims.big is printed as the token writes it; JavaScript reads 12345678901234567000',
      'claims.low is printed as the token writes it; JavaScript reads -Infinity',
      'claims.tiny is printed as the token writes it; JavaScript reads 0',
      'claims.act.n[1] is printed as the token writes it; JavaScript reads 9007199254740992',
    ]);
  });

  it('prints no notes for a token whose numbers JavaScript holds exactly', async () => {
    const result = await decode(token('{"sub":"u-1","exp":1700000000,"nbf":1.25e9,"z":-0}'));
    expect(result.code).toBe(EXIT.ok);
    expect(JSON.parse(result.stdout)).toEqual({
      header: { alg: 'ES256', typ: 'JWT' },
      claims: { sub: 'u-1', exp: 1_700_000_000, nbf: 1_250_000_000, z: 0 },
      signature: '(elided)',
    });
  });

  it('a header number too: the path names the header', async () => {
    const jwt = `${part('{"alg":"ES256","x":1e999}')}.${part('{"sub":"u-1"}')}.c2ln`;
    const result = await decode(jwt);
    expect(result.stdout).toContain('"x": 1e999');
    expect(JSON.parse(result.stdout).notes).toEqual([
      'header.x is printed as the token writes it; JavaScript reads Infinity',
    ]);
  });
});
