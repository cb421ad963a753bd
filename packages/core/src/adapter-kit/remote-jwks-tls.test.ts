import type { FlattenedJWSInput } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../contracts/logger.js';
import { createRemoteJwks } from './remote-jwks.js';

// A JWKS download refused by the runtime's TLS check (the IdP's certificate from a CA this
// process does not trust) is configuration, not an outage: the warning says which check failed
// and how to trust the CA, where before it said only `unreachable`, as for an IdP that was down.

const TOKEN = {} as FlattenedJWSInput;

/** A logger keeping its warnings. */
function warningsLogger() {
  const warnings: [string, Record<string, unknown> | undefined][] = [];
  const ignore = () => undefined;
  const logger: Logger = {
    debug: ignore,
    info: ignore,
    warn: (event, fields) => void warnings.push([event, fields]),
    error: ignore,
  };
  return { logger, warnings };
}

/** A fetch failing as Node's undici does: `TypeError: fetch failed`, the socket's error as cause. */
const failingWith = (code: string) => async () => {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('socket error of the runtime'), { code }),
  });
};

async function warningOf(fetch: typeof globalThis.fetch) {
  const { logger, warnings } = warningsLogger();
  const jwks = createRemoteJwks('https://idp.example.com/jwks', { fetch, logger });
  await expect(jwks({ alg: 'RS256', kid: 'k1' }, TOKEN)).rejects.toThrow();
  expect(warnings).toHaveLength(1);
  return warnings[0];
}

describe('createRemoteJwks: a certificate this process does not trust', () => {
  it('logs the failed TLS check and how to trust the CA', async () => {
    const [event, fields] = (await warningOf(failingWith('SELF_SIGNED_CERT_IN_CHAIN'))) ?? [];
    expect(event).toBe('jwks_refresh_failed');
    expect(fields).toMatchObject({
      jwks_host: 'idp.example.com',
      unreachable: true,
      tls_failure: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    expect(fields?.advice).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(JSON.stringify(fields)).not.toContain('socket error of the runtime');
  });

  it('adds nothing for a network failure that is not TLS', async () => {
    const [, fields] = (await warningOf(failingWith('ECONNREFUSED'))) ?? [];
    expect(fields).toMatchObject({ unreachable: true });
    expect(fields).not.toHaveProperty('tls_failure');
    expect(fields).not.toHaveProperty('advice');
  });
});
