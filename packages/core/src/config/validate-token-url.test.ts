import { describe, expect, it } from 'vitest';
import type { LogFields } from '../contracts/logger.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { noopLogger } from '../logging/noop-logger.js';
import { validateTokenUrl } from './validate-token-url.js';

const variable = 'KEYCLOAK_TOKEN_URL';
// journey7: `not a url` was told "must use HTTPS", as if it had the wrong scheme.
const NOT_A_URL = 'is not a URL: it must be an absolute HTTPS URL, e.g. https://idp.example/token';

function check(url: string, allowInsecureLoopback?: boolean): string {
  return validateTokenUrl(url, { variable, allowInsecureLoopback, logger: noopLogger });
}

function messageOf(url: string, allowInsecureLoopback?: boolean): string {
  try {
    check(url, allowInsecureLoopback);
  } catch (error) {
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).variable).toBe(variable);
    return (error as Error).message;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('validateTokenUrl', () => {
  it('accepts HTTPS, with any case of scheme, and returns the URL as written (trimmed)', () => {
    const url = 'https://kc.example:8443/realms/r/protocol/openid-connect/token';
    expect(check(url)).toBe(url);
    expect(check(` HTTPS://KC.example/realms/R/token\n`)).toBe('HTTPS://KC.example/realms/R/token');
  });

  it.each([
    ['http://kc.example/token', 'must use HTTPS for security. Got scheme: http'],
    ['HTTP://kc.example/token', 'must use HTTPS for security. Got scheme: http'],
    ['ftp://kc.example/token', 'must use HTTPS for security. Got another scheme'],
    ['kc.example/token', NOT_A_URL],
    ['localhost:8443/token', NOT_A_URL],
    ['not a url', NOT_A_URL],
    ['https://', 'has invalid URL format: missing hostname'],
    ['https:///token', 'has invalid URL format: missing hostname'],
    ['   ', 'cannot be empty'],
  ])('refuses %j, naming the variable but not the value', (url, reason) => {
    const message = messageOf(url);
    expect(message.startsWith(`${variable} `)).toBe(true);
    expect(message).toContain(reason);
    if (url.trim() !== '') expect(message).not.toContain(url.trim());
  });

  // RFC 6749 §3.2: the token endpoint URI MUST NOT include a fragment component. Any `#`, even
  // an empty fragment; the fragment (it may hold a pasted secret) is never quoted.
  it.each([
    'https://kc.example/token#s3cr3t-fragment',
    'https://kc.example/token?x=1#s3cr3t-fragment',
    'https://kc.example/token#',
  ])('refuses %j, a URL with a fragment, by name and without its fragment', (url) => {
    const message = messageOf(url);
    expect(message).toBe(
      `${variable} must not include a fragment (a "#" and what follows, RFC 6749 §3.2): remove it`,
    );
    expect(message).not.toContain('s3cr3t');
  });

  it('refuses a URL carrying credentials', () => {
    expect(messageOf('https://user:pw@kc.example/token')).toBe(
      `${variable} must not contain credentials`,
    );
  });

  it('allows http on loopback (any port) only with the opt-in', () => {
    for (const url of [
      'http://127.0.0.1:8080/token',
      'http://localhost:8443/realms/r/protocol/openid-connect/token',
      'http://[::1]:9000/token',
      'http://127.5.6.7/token',
    ]) {
      expect(messageOf(url)).toContain('allowInsecureLoopback');
      expect(check(url, true)).toBe(url);
    }
    expect(messageOf('http://kc.example:8080/token', true)).toContain('Got scheme: http');
    expect(messageOf('http://127.0.0.1.example/token', true)).toContain('Got scheme: http');
  });

  it('logs a warning when it lets http through on loopback', () => {
    const warnings: [string, LogFields | undefined][] = [];
    validateTokenUrl('http://127.0.0.1:8080/token?x=1', {
      variable,
      allowInsecureLoopback: true,
      logger: { ...noopLogger, warn: (event, fields) => warnings.push([event, fields]) },
    });
    expect(warnings).toEqual([
      ['insecure_loopback_token_url', { variable, token_url: 'http://127.0.0.1:8080/token' }],
    ]);
  });
});
