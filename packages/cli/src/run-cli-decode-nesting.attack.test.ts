import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// Attack (session 36, attack3): `dual-auth decode` printed a hostile token's claims with
// JSON.stringify, which recurses: claims nested some thousands of levels deep (800 KB, under the
// 1 MiB input limit) made it print `dual-auth: RangeError: Maximum call stack size exceeded`, a
// crash that says nothing of the token or what to do. Such a token is refused with its reason.

const b64 = (text: string) => Buffer.from(text).toString('base64url');
/** A token whose claims are `depth` objects deep, the claims object the first. */
const nestedToken = (depth: number) =>
  `${b64('{"alg":"RS256"}')}.${b64(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)}.c2ln`;

const decode = (token: string) =>
  capturedRun(['decode', '-'], tmpdir(), { readStdin: async () => token });

describe('dual-auth decode of a token nested deeper than JSON is printed', () => {
  it('claims nested 100 000 levels deep: exit 2, saying how deep and what is printed', async () => {
    const result = await decode(nestedToken(100_000));
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).not.toContain('RangeError');
    expect(result.stderr).toContain('nested deeper than 64 levels');
    expect(result.stdout).toBe('');
  });

  it('claims 64 levels deep (the claims object the first) are printed; 65 are not', async () => {
    const result = await decode(nestedToken(64));
    expect(result.code).toBe(EXIT.ok);
    expect(JSON.parse(result.stdout).claims.a.a.a).toBeTypeOf('object');
    expect((await decode(nestedToken(65))).code).toBe(EXIT.usage);
  });
});
