import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { assertHttpsUrl, isLoopbackHost } from './assert-https-url.js';

const name = 'token_url';

function configError(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (ConfigurationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('assertHttpsUrl', () => {
  it('accepts https URLs, whatever the scheme case, and returns the parsed URL', () => {
    expect(assertHttpsUrl('https://idp.test/oauth2/token', { name }).href).toBe(
      'https://idp.test/oauth2/token',
    );
    expect(assertHttpsUrl('HTTPS://IdP.test:8443/t', { name }).host).toBe('idp.test:8443');
  });

  it('refuses http and other schemes, naming the option and never the value', () => {
    const e = configError(() => assertHttpsUrl('http://idp.test/secret-path', { name }));
    expect(e.message).toBe('token_url must use HTTPS for security. Got scheme: http');
    expect(e.variable).toBe('token_url');
    expect(e.message).not.toContain('secret-path');
    expect(configError(() => assertHttpsUrl('ftp://idp.test/t', { name })).message).toContain(
      'Got another scheme',
    );
    expect(configError(() => assertHttpsUrl('HTTP://idp.test', { name })).message).toContain(
      'Got scheme: http',
    );
  });

  it('never echoes the "scheme" of a secret pasted where a URL goes', () => {
    const pasted = 'AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const e = configError(() => assertHttpsUrl(pasted, { name }));
    expect(e.message).toBe('token_url must use HTTPS for security. Got another scheme');
    expect(e.message.toLowerCase()).not.toContain('akia');
  });

  it('refuses unparseable and relative URLs', () => {
    for (const bad of ['', 'idp.test/token', '/token', 'https://', 'https//x']) {
      expect(configError(() => assertHttpsUrl(bad, { name })).message).toBe(
        'token_url is not a URL: it must be an absolute HTTPS URL, e.g. https://idp.example/token',
      );
    }
  });

  it('refuses credentials in the URL', () => {
    expect(configError(() => assertHttpsUrl('https://user:pw@idp.test/t', { name })).message).toBe(
      'token_url must not contain credentials',
    );
  });

  it('allows http only on loopback and only when opted in', () => {
    const loopbacks = [
      'http://127.0.0.1:8080/t',
      'http://127.9.8.7/t',
      'http://localhost:1/t',
      'http://LOCALHOST/t',
      'http://[::1]:9000/t',
    ];
    for (const url of loopbacks) {
      expect(assertHttpsUrl(url, { name, allowInsecureLoopback: true }).protocol).toBe('http:');
      expect(configError(() => assertHttpsUrl(url, { name })).message).toContain(
        'allowInsecureLoopback',
      );
    }
    for (const url of ['http://10.0.0.1/t', 'http://localhost.evil.test/t', 'http://128.0.0.1/']) {
      expect(() => assertHttpsUrl(url, { name, allowInsecureLoopback: true })).toThrow(
        ConfigurationError,
      );
    }
  });

  it('throws TypeError on wrong argument types', () => {
    expect(() => assertHttpsUrl(42 as unknown as string, { name })).toThrow(TypeError);
    expect(() => assertHttpsUrl(undefined as unknown as string, { name })).toThrow(
      'token_url must be a string, got undefined',
    );
    expect(() => assertHttpsUrl('https://x', {} as { name: string })).toThrow(TypeError);
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback hostnames as the URL parser writes them', () => {
    expect(isLoopbackHost(new URL('http://127.1/').hostname)).toBe(true);
    expect(isLoopbackHost(new URL('http://[::1]/').hostname)).toBe(true);
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('example.com')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
    expect(isLoopbackHost('[::2]')).toBe(false);
  });
});
