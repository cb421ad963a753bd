import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ROTATED,
  type RunningIdpCommand,
  startIdpCommand,
} from '../../test/support/dual-auth-idp-process.js';
import { startLocalIdpCli } from './start-local-idp-cli.js';

// The standalone IdP rotates its signing key on SIGUSR2, as an IdP operator would, so a user can
// rehearse their API's key rotation against it: the JWKS serves the old and the new key for
// --rotation-overlap-seconds, and tokens are signed with the new one.

type Running = RunningIdpCommand;

const start = (dir: string, args: readonly string[]): Promise<Running> =>
  startIdpCommand(dir, args, `${args.join('')}.env`);

async function servedKids(idp: Running): Promise<string[]> {
  const response = await idp.fetch(idp.env.IDP_JWKS_URL ?? '');
  const { keys } = (await response.json()) as { keys: { kid: string }[] };
  return keys.map((key) => key.kid);
}

/** A client-credentials token of `finance-agent`, as the Keycloak adapter asks for it. */
async function tokenAnswer(idp: Running, headers: Record<string, string> = {}) {
  const { AGENT_CLIENT_ID: agent = '', AGENT_CLIENT_SECRET: secret = '' } = idp.env;
  const iat = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(agent)
    .setSubject(agent)
    .setAudience(idp.env.IDP_ISSUER ?? '')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(new TextEncoder().encode(secret));
  const response = await idp.fetch(idp.env.KEYCLOAK_TOKEN_URL ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function tokenKid(idp: Running): Promise<string | undefined> {
  const { body } = await tokenAnswer(idp);
  return decodeProtectedHeader(body.access_token ?? '').kid;
}

/** Sends SIGUSR2 and waits for the `rotated` line it prints (the `count`-th one). */
async function rotate(idp: Running, count: number): Promise<string> {
  idp.process.child.kill('SIGUSR2');
  const printed = () =>
    idp.process
      .output()
      .split('\n')
      .filter((l) => l.startsWith(ROTATED));
  const exited = idp.process.exited.then((code) => {
    throw new Error(`dual-auth-idp exited (${code}) instead of rotating:\n${idp.process.output()}`);
  });
  exited.catch(() => undefined); // it exits at the end of the test too: only a race reports it
  while (printed().length < count) {
    await Promise.race([
      new Promise((resolve) => idp.process.child.stdout?.once('data', resolve)),
      exited,
    ]);
  }
  return printed()[count - 1] as string;
}

describe('dual-auth-idp rotates its signing key on SIGUSR2', () => {
  let dir: string;
  const running: Running[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-idp-rotation-'));
  });
  afterAll(async () => {
    for (const idp of running) await idp.process.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the old and the new key for the overlap, and signs with the new one', async () => {
    const idp = await start(dir, ['--rotation-overlap-seconds', '600']);
    running.push(idp);
    expect(idp.process.output()).toContain(`kill -USR2 ${idp.process.child.pid}`);
    const [first] = await servedKids(idp);
    expect(await tokenKid(idp)).toBe(first);

    const line = await rotate(idp, 1);
    const [next, previous] = await servedKids(idp);
    expect(previous).toBe(first);
    expect(next).not.toBe(first);
    expect(line).toBe(
      `${ROTATED}: tokens are signed with kid ${next}; kid ${first} stays in the JWKS for 600 s`,
    );
    expect(await tokenKid(idp)).toBe(next);

    await rotate(idp, 2);
    const kids = await servedKids(idp);
    expect(kids).toHaveLength(3);
    expect(kids.slice(1)).toEqual([next, first]);
    expect(await tokenKid(idp)).toBe(kids[0]);
  });

  it('withdraws the old key at once with --rotation-overlap-seconds 0', async () => {
    const idp = await start(dir, ['--rotation-overlap-seconds', '0', '--require-dpop-nonce']);
    running.push(idp);
    // --require-dpop-nonce: a DPoP proof without the IdP's nonce is answered use_dpop_nonce.
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const proof = await new SignJWT({ htm: 'POST', htu: idp.env.KEYCLOAK_TOKEN_URL })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(publicKey) })
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .sign(privateKey);
    expect(await tokenAnswer(idp, { dpop: proof })).toMatchObject({
      status: 400,
      body: { error: 'use_dpop_nonce' },
    });
    const [first] = await servedKids(idp);
    await rotate(idp, 1);
    const kids = await servedKids(idp);
    expect(kids).toHaveLength(1);
    expect(kids[0]).not.toBe(first);
    expect(await tokenKid(idp)).toBe(kids[0]);
  });

  it('keeps the vendor access-token lifetime as the default overlap (Keycloak 300 s)', async () => {
    const idp = await start(dir, []);
    running.push(idp);
    expect(await rotate(idp, 1)).toMatch(/stays in the JWKS for 300 s$/);
  });

  it('says what is wrong with a bad --rotation-overlap-seconds, before starting anything', async () => {
    for (const value of ['-1', '1.5', 'ten', '', '1e3']) {
      await expect(
        startLocalIdpCli([`--rotation-overlap-seconds=${value}`], dir, () => undefined),
      ).rejects.toThrow(
        `--rotation-overlap-seconds must be a whole number of seconds (0 or more), got ${value}`,
      );
    }
  });
});
