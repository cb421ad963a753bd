import { ConfigurationError, InMemoryReplayStore } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import {
  keycloakGuardOptions,
  keycloakVerifyOptions,
} from '../test/support/keycloak-guard-options.js';
import { createSigningKey } from '../test/support/token-kit.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';
import { dualAuth as expressDualAuth } from './express/index.js';
import { dualAuth as fastifyDualAuth } from './fastify/index.js';
import { withDualAuth } from './fetch/index.js';
import { dualAuth as honoDualAuth } from './hono/index.js';
import { verifyDualSubjectRequest } from './verify-dual-subject-request.js';

// Fix (Session 17, mend17): `dpop.publicBaseUrl` took `http://api.example.com`. The proof's `htu`
// is then compared with a clear-text URL, so a deployment reached over the Internet in clear text
// (its tokens and proofs readable on the way) was configured without a word. HTTPS only, as for
// every other URL the packages take; `http:` on a loopback host stays for local development.

const idpKey = await createSigningKey('idp-1');
const guardOptions = (publicBaseUrl: string): DualAuthGuardOptions => ({
  ...keycloakGuardOptions(idpKey.publicJwk),
  dpop: { publicBaseUrl },
});
const answer = () => new Response('ok');

const ENTRY_POINTS: [string, (publicBaseUrl: string) => unknown][] = [
  ['createDualAuthGuard', (url) => createDualAuthGuard(guardOptions(url))],
  ['express dualAuth', (url) => expressDualAuth(guardOptions(url))],
  ['fastify dualAuth', (url) => fastifyDualAuth(guardOptions(url))],
  ['hono dualAuth', (url) => honoDualAuth(guardOptions(url))],
  ['withDualAuth', (url) => withDualAuth(answer, guardOptions(url))],
];

function refusal(create: () => unknown): unknown {
  try {
    create();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe.each(ENTRY_POINTS)('%s: options.dpop.publicBaseUrl', (_name, create) => {
  it.each([
    'http://api.example.com',
    'http://api.example.com/finance',
    'HTTP://API.EXAMPLE.COM:8080',
    'http://10.0.0.5',
    'http://[2001:db8::1]',
    'http://127.example.com',
    'http://localhost.example.com',
  ])('refuses %s at creation: HTTPS only off loopback', (url) => {
    const error = refusal(() => create(url));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ variable: 'options.dpop.publicBaseUrl' });
    expect(String(error)).toMatch(
      /options\.dpop\.publicBaseUrl must be an https: URL .*set it to the https:\/\/ URL clients call/,
    );
  });

  it.each([
    'https://api.example.com',
    'https://api.example.com/finance',
    'http://localhost:8080',
    'http://127.0.0.1:3000/api',
    'http://127.1.2.3',
    'http://[::1]:8443',
  ])('accepts %s', (url) => {
    expect(refusal(() => create(url))).toBeUndefined();
  });

  it('refuses credentials in the URL without repeating them (they would reach clients)', () => {
    const error = refusal(() => create('https://user:s3cr3t@api.example.com'));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/options\.dpop\.publicBaseUrl must not contain credentials/);
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toMatch(/s3cr3t/);
  });
});

describe('verifyDualSubjectRequest: options.dpop.publicBaseUrl', () => {
  it('refuses http: off loopback before reading the request', async () => {
    const request = new Request('http://api.example.com/api/balance', {
      headers: { authorization: 'DPoP x.y.z', dpop: 'a.b.c' },
    });
    const error = await verifyDualSubjectRequest(request, {
      ...keycloakVerifyOptions(idpKey.publicJwk),
      dpop: { publicBaseUrl: 'http://api.example.com', replayStore: new InMemoryReplayStore() },
    }).catch((thrown: unknown) => thrown);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ variable: 'options.dpop.publicBaseUrl' });
  });
});
