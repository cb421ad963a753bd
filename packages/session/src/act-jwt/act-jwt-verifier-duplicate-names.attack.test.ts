import { InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { craftJws } from '../../../core/test/jws-kit.js';
import { actJwtAppPerFile } from '../../test/act-jwt-app.js';
import { actJwtClaims, ACT_NOW_S as NOW } from '../../test/act-jwt-claims.js';

const app = actJwtAppPerFile();

// The claims as JSON text with `extra` spliced in just after the opening brace of `act` (`nested`)
// or of the payload: JSON.parse keeps the last of two equal names, so the first is what a reader
// that keeps the first one (or logs the raw text) sees.
function payloadWith(jti: string, extra: string, nested = false): string {
  const text = JSON.stringify(actJwtClaims({ jti }));
  return nested ? text.replace('"act":{', `"act":{${extra},`) : `{${extra},${text.slice(1)}`;
}

const HEADER = '{"alg":"RS256","typ":"JWT"}';

// Attack (RFC 7519 §4: claim names MUST be unique; RFC 7515 §5.2 step 4 for header parameters;
// RFC 8725 §3.4's spirit): an act JWT whose JSON names a member twice. JSON.parse keeps the last,
// another reader the first: the human the verifier accepts may not be the one a log or a second
// parser sees.
describe('attack: an act JWT with a member named twice', () => {
  it.each([
    ['the human (act.sub)', 'dup-act-sub', '"sub":"u-2"', true],
    ['the issuer (iss)', 'dup-iss', '"iss":"someone-else"', false],
    ['the audience (aud)', 'dup-aud', `"aud":"https://other.example.com"`, false],
  ])(
    'refuses a payload naming %s twice as malformed, and spends no jti',
    async (_, jti, extra, nested) => {
      const store = new InMemoryReplayStore();
      const token = await craftJws(HEADER, payloadWith(jti, extra, nested), app.privateKey);
      const error = await app
        .verifier(store)
        .verify(token)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'malformed' });
      expect((error as Error).message).toMatch(/payload .*naming no member twice/);
      await expect(store.claim(`act-jwt:application:${jti}`, (NOW + 60) * 1000)).resolves.toBe(
        true,
      );
    },
  );

  it('refuses a header naming alg twice as malformed', async () => {
    const token = await craftJws(
      '{"alg":"none","alg":"RS256","typ":"JWT"}',
      JSON.stringify(actJwtClaims({ jti: 'dup-alg' })),
      app.privateKey,
    );
    const error = await app
      .verifier()
      .verify(token)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'malformed' });
    expect((error as Error).message).toMatch(/header .*naming no member twice/);
  });

  it('still accepts equal names in different objects, and colons and quotes inside strings', async () => {
    // `sub` at the top and in `act`; a value holding `"sub":` as text, escaped quotes, a backslash.
    const claims = actJwtClaims({
      jti: 'unique-1',
      note: 'x\\"sub\\":"y\\\\',
      act: { sub: 'u-1' },
    });
    const token = await craftJws(HEADER, JSON.stringify(claims), app.privateKey);
    await expect(app.verifier().verify(token)).resolves.toMatchObject({ act: { sub: 'u-1' } });
  });
});
