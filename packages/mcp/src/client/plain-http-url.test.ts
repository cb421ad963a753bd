import { ConfigurationError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';

const provider = { getToken: async () => ({ accessToken: 'a.b.c', tokenType: 'Bearer' }) } as never;
const LOOPBACK_EXCEPTION =
  /http:\/\/ is allowed only on loopback \(127\.0\.0\.0\/8, ::1, localhost\) with allowInsecureLoopback: true/;

// A plain-HTTP MCP URL is refused: the message says HTTPS, and how the one exception (a loopback
// server, for tests and local demos) is allowed, so a developer on http://localhost knows what to set.
describe('dualAuthFetch: an http: MCP URL', () => {
  it.each([
    ['a host that is not loopback', 'http://mcp.internal:8080/mcp'],
    ['loopback without allowInsecureLoopback', 'http://127.0.0.1:8080/mcp'],
  ])('on %s is refused at creation, naming the loopback exception', (_, origin) => {
    const create = () =>
      dualAuthFetch({ origin, tokenProvider: provider, resourceMetadata: 'off' });
    expect(create).toThrow(ConfigurationError);
    expect(create).toThrow(LOOPBACK_EXCEPTION);
  });

  it('in a request is refused before anything is sent, naming the loopback exception', async () => {
    const send = dualAuthFetch({
      origin: 'https://mcp.example.com',
      tokenProvider: provider,
      resourceMetadata: 'off',
      fetch: () => Promise.reject(new Error('nothing must be sent')),
    });
    await expect(send('http://mcp.example.com/mcp')).rejects.toThrow(LOOPBACK_EXCEPTION);
  });

  it('serverUrl and resourceMetadataUrl name it too', () => {
    expect(() =>
      dualAuthFetch({
        origin: 'https://mcp.example.com',
        tokenProvider: provider,
        resourceMetadataUrl: 'http://docs.example.com/prm.json',
      }),
    ).toThrow(LOOPBACK_EXCEPTION);
  });
});
