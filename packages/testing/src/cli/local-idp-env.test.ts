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

  it('refuses a value it cannot quote and a name Node would not read', () => {
    expect(() => formatEnvFile({ X: 'a"b' }, '')).toThrow('formatEnvFile: X holds a double quote');
    expect(() => formatEnvFile({ 'bad-name': 'x' }, '')).toThrow(
      'formatEnvFile: bad name bad-name',
    );
  });
});
