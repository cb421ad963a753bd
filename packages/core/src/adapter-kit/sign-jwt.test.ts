import { base64url, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signJwt } from './sign-jwt.js';

const header = (jwt: string) =>
  new TextDecoder().decode(base64url.decode(jwt.split('.')[0] as string));

describe('signJwt', () => {
  it('writes the typ header it is given, between the sorted alg and kid', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const claims = { iss: 'application', sub: 'application' };
    const jwt = await signJwt({ claims, alg: 'ES256', key: privateKey, kid: 'k', typ: 'act+jwt' });
    expect(header(jwt)).toBe('{"alg":"ES256","kid":"k","typ":"act+jwt"}');
    expect((await jwtVerify(jwt, publicKey, { typ: 'act+jwt' })).payload).toEqual(claims);
    const plain = await signJwt({ claims, alg: 'ES256', key: privateKey });
    expect(header(plain)).toBe('{"alg":"ES256","typ":"JWT"}');
  });
});
