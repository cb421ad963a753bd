import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixtureAdapter } from '../../test/fixture-plugins.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { getConfig } from './get-config.js';

// A client id, tenant, audience or issuer URL with a control character, a line break inside or a
// byte-order mark (what `echo`, an editor or `kubectl create secret --from-file` leaves) would go
// to the IdP as is (a URL parser even drops tabs and line breaks silently): refused, naming the
// variable and the character, never the value.
const PLUGIN = fixtureAdapter('acme', {
  extra: [
    { variable: 'API_AUDIENCE', field: 'audience' },
    { variable: 'ACME_TENANT', field: 'tenant', optional: true },
    { variable: 'ACME_ISSUER', field: 'issuer', kind: 'token-url', optional: true },
  ],
});
const ENV = {
  DUAL_AUTH_VENDOR: 'acme',
  ACME_TOKEN_URL: 'https://idp.example/oauth2/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret',
  API_AUDIENCE: 'api://finance',
  ACME_TENANT: 'tenant-1',
  ACME_ISSUER: 'https://idp.example/',
};

async function refusal(env: Record<string, string>): Promise<Error> {
  return getConfig({ plugins: [PLUGIN], env }).then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

describe('getConfig refuses invisible characters in identifiers it sends', () => {
  const cases = [
    ['AGENT_CLIENT_ID', 'finance\u0007agent', 'a control character (U+0007)'],
    ['AGENT_CLIENT_ID', 'finance-agent\nother', 'a line break (U+000A)'],
    ['AGENT_CLIENT_ID', '\uFEFFfinance-agent', 'a byte-order mark (U+FEFF)'],
    ['AGENT_CLIENT_ID', 'finance\u200Bagent', 'an invisible format character (U+200B)'],
    ['API_AUDIENCE', 'api://fin\u202Eance', 'an invisible format character (U+202E)'],
    ['ACME_TENANT', 'tenant\u00001', 'a control character (U+0000)'],
    ['ACME_TOKEN_URL', 'https://idp.example/oauth2/to\tken', 'a control character (U+0009)'],
    ['ACME_ISSUER', 'https://idp.example/\r\nx', 'a line break (U+000D)'],
  ] as const;
  for (const [variable, value, what] of cases) {
    it(`${variable} holding ${what}: ConfigurationError naming it, saying how to write it`, async () => {
      const error = await refusal({ ...ENV, [variable]: value });
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ variable });
      expect(error.message).toContain(`${variable} holds ${what}`);
      expect(error.message).toContain("printf '%s'");
      for (const shown of [String(error), JSON.stringify(error), inspect(error, { depth: 5 })]) {
        expect(shown).not.toContain(value.slice(2, 7));
      }
    });
  }

  it('still trims surrounding whitespace (a trailing newline is not sent), as the reference strips', async () => {
    const config = await getConfig({
      plugins: [PLUGIN],
      env: { ...ENV, AGENT_CLIENT_ID: 'finance-agent\n', API_AUDIENCE: ' api://finance\r\n' },
    });
    expect(config.clientId).toBe('finance-agent');
    expect((config as unknown as { audience: string }).audience).toBe('api://finance');
  });

  it('leaves private keys and secrets to their own rules (a PEM has line breaks)', async () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----';
    const plugin = fixtureAdapter('acme', {
      extra: [{ variable: 'ACME_KEY', field: 'privateKey', kind: 'private-key-pem' }],
    });
    const config = await getConfig({ plugins: [plugin], env: { ...ENV, ACME_KEY: pem } });
    expect(config.clientId).toBe('finance-agent');
  });
});

// wave34/ops: a .env line `AGENT_CLIENT_ID="finance-agent"` read where nothing parses quotes
// (`docker run --env-file`, `kubectl create configmap --from-env-file`) kept its quotes: the id
// went to the IdP as `"finance-agent"`, answered 401 invalid_client, and `dual-auth doctor` said
// to fix the client's authenticator on the IdP; a quoted token URL was "not a URL".
describe('getConfig refuses a value wrapped in quotes (a .env line read without its quotes parsed)', () => {
  const cases = [
    ['AGENT_CLIENT_ID', '"finance-agent"'],
    ['API_AUDIENCE', " 'api://finance'\n"],
    ['ACME_TENANT', '"tenant-1"'],
    ['ACME_TOKEN_URL', '"https://idp.example/oauth2/token"'],
  ] as const;
  for (const [variable, value] of cases) {
    it(`${variable}=${JSON.stringify(value)}: ConfigurationError naming it, saying to remove them`, async () => {
      const error = await refusal({ ...ENV, [variable]: value });
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ variable });
      expect(error.message).toMatch(
        new RegExp(
          `^${variable} is wrapped in quotes, which would be sent to the IdP: remove them`,
        ),
      );
      expect(String(error)).not.toContain(value.trim().slice(1, -1));
    });
  }

  it('keeps a value with a quote that does not wrap it, and leaves secrets byte for byte', async () => {
    const config = await getConfig({
      plugins: [PLUGIN],
      env: {
        ...ENV,
        API_AUDIENCE: '"api://finance',
        ACME_TENANT: "o'brien'",
        AGENT_CLIENT_SECRET: '"agent-secret"',
      },
    });
    expect((config as unknown as { audience: string }).audience).toBe('"api://finance');
    expect((config as unknown as { tenant: string }).tenant).toBe("o'brien'");
    expect(config.clientSecret).toBe('"agent-secret"');
  });
});
