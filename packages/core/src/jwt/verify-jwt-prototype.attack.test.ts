import { beforeAll, describe, expect, it } from 'vitest';
import { accessTokenOptions, craftJws, type TestKey, testKey } from '../../test/jws-kit.js';
import { ActVerificationError } from '../errors/act-verification-error.js';
import { readActClaim } from './read-act-claim.js';
import { verifyJwt } from './verify-jwt.js';

// Attack (Session 12, defence in depth): claims were read off a plain JSON.parse result, so a
// prototype-pollution bug elsewhere in the process (Object.prototype.exp = 9e9) supplied a claim
// the token lacks: a token without `exp` never expired, an `act` without `sub` named a human.
// The payload's objects are now on a null prototype; only the token's own claims count.

const NOW_S = 1_800_000_000;
const ISS = 'https://idp.example.test/';
const AUD = 'finance-api';

let idp: TestKey;

beforeAll(async () => {
  idp = await testKey('RS256', 'idp-key');
});

function verify(token: string) {
  return verifyJwt(
    token,
    accessTokenOptions([idp.publicJwk], { issuer: ISS, audience: AUD, nowS: NOW_S }),
  );
}

function sign(claims: Record<string, unknown>): Promise<string> {
  return craftJws({ alg: 'RS256', kid: 'idp-key' }, claims, idp.privateKey);
}

// Runs `body` with `values` set on Object.prototype, always removed afterwards.
async function polluted(values: Record<string, unknown>, body: () => Promise<void>): Promise<void> {
  const proto = Object.prototype as Record<string, unknown>;
  try {
    Object.assign(proto, values);
    await body();
  } finally {
    for (const name of Object.keys(values)) delete proto[name];
  }
}

async function reasonOf(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.catch((e: unknown) => e);
  return ActVerificationError.isInstance(error) ? [error.reason, error.claim] : error;
}

const full = { iss: ISS, aud: AUD, sub: 'agent', iat: NOW_S, exp: NOW_S + 300 };

describe('attack: a polluted Object.prototype supplies claims the token lacks', () => {
  it('a token without exp stays refused with a prototype exp far ahead', async () => {
    const { exp: _, ...withoutExp } = full;
    const token = await sign(withoutExp);
    await polluted({ exp: NOW_S + 10 ** 9 }, async () => {
      expect(await reasonOf(verify(token))).toEqual(['missing_claim', 'exp']);
    });
  });

  it('a token without aud or iss stays refused with them on the prototype', async () => {
    const { aud: _, ...withoutAud } = full;
    const { iss: __, ...withoutIss } = full;
    const [noAud, noIss] = await Promise.all([sign(withoutAud), sign(withoutIss)]);
    await polluted({ aud: AUD, iss: ISS }, async () => {
      expect(await reasonOf(verify(noAud))).toEqual(['missing_claim', 'aud']);
      expect(await reasonOf(verify(noIss))).toEqual(['missing_claim', 'iss']);
    });
  });

  it('a valid token is not refused for a prototype nbf, and shows no prototype cnf or jti', async () => {
    const token = await sign(full);
    await polluted({ nbf: NOW_S + 10 ** 9, cnf: { jkt: 'x' }, jti: 'j' }, async () => {
      const { claims } = await verify(token);
      expect(claims.cnf).toBeUndefined();
      expect(claims.jti).toBeUndefined();
      expect('cnf' in claims).toBe(false);
    });
  });

  it('an act without sub stays invalid with a prototype sub', async () => {
    const token = await sign({ ...full, act: { iss: ISS } });
    await polluted({ sub: 'victim-human' }, async () => {
      const { claims } = await verify(token);
      const error = (() => {
        try {
          readActClaim('Access token', claims.act);
        } catch (e) {
          return e;
        }
      })();
      expect(ActVerificationError.isInstance(error) && error.reason).toBe('invalid_act');
    });
  });
});
