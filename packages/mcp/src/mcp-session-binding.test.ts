import { inspect } from 'node:util';
import { ConfigurationError, REDACTED } from '@dual-auth/core';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { describe, expect, it } from 'vitest';
import { offlineGuard } from '../test/support/offline-guard.js';
import { dualAuthMcpHandler } from './fetch/index.js';
import { InMemoryMcpSessionOwners, McpSessionBinding } from './mcp-session-binding.js';

const resourceServerUrl = new URL('https://mcp.example.com/mcp');
const guard = offlineGuard(resourceServerUrl);

describe('McpSessionBinding', () => {
  it('refuses an option that is not one, a maxSessions that is no count, a store without its methods', () => {
    expect(() => new McpSessionBinding({ maxSesions: 5 } as never)).toThrow(TypeError);
    expect(() => new McpSessionBinding({ maxSessions: 0 })).toThrow('options.maxSessions');
    expect(() => new McpSessionBinding({ maxSessions: 1.5 })).toThrow('options.maxSessions');
    expect(() => new McpSessionBinding({ store: { open: async () => true } as never })).toThrow(
      'options.store.ownerOf',
    );
    expect(
      () => new McpSessionBinding({ store: new InMemoryMcpSessionOwners(), maxSessions: 5 }),
    ).toThrow('options.maxSessions is for the default store: give the cap to your store');
  });

  it('is the only sessions dualAuthMcpHandler takes (requireDualAuth: session-owner.int.test.ts)', () => {
    const handle = async () => new Response(null);
    const fake = { transportOptions: () => ({}) } as never;
    const expected = 'options.sessions must be a McpSessionBinding of @dual-auth/mcp';
    expect(() => dualAuthMcpHandler({ guard, resourceServerUrl, sessions: fake }, handle)).toThrow(
      expected,
    );
    const sessions = new McpSessionBinding();
    expect(() => dualAuthMcpHandler({ guard, resourceServerUrl, sessions }, handle)).not.toThrow();
  });

  it('binds a session only to an authInfo the guard built, never to a copy', () => {
    const copy: AuthInfo = { token: 't', clientId: 'finance-agent', scopes: [] };
    expect(() => new McpSessionBinding().transportOptions(copy, {})).toThrow(
      "transportOptions: authInfo must be the one this package's guard built",
    );
    expect(() => new McpSessionBinding().transportOptions(undefined, {})).toThrow(TypeError);
  });
});

describe('InMemoryMcpSessionOwners', () => {
  it('keeps at most maxSessions, refusing one more, and forgets', async () => {
    const store = new InMemoryMcpSessionOwners({ maxSessions: 1 });
    expect(await store.open('s1', 'owner-a')).toBe(true);
    expect(await store.isFull()).toBe(true);
    expect(await store.open('s2', 'owner-b')).toBe(false);
    expect(await store.ownerOf('s2')).toBeUndefined();
    expect(await store.ownerOf('s1')).toBe('owner-a');
    await store.forget('s1');
    expect(store.size).toBe(0);
    expect(await store.open('s2', 'owner-b')).toBe(true);
  });
});

describe('InMemoryMcpSessionOwners per owner', () => {
  it('keeps at most maxSessionsPerOwner of one owner (default 100), others still open', async () => {
    const store = new InMemoryMcpSessionOwners({ maxSessionsPerOwner: 2 });
    expect(await store.open('s1', 'owner-a')).toBe(true);
    expect(await store.isFullFor('owner-a')).toBe(false);
    expect(await store.open('s2', 'owner-a')).toBe(true);
    expect(await store.isFullFor('owner-a')).toBe(true);
    expect(await store.isFull()).toBe(false);
    expect(await store.open('s3', 'owner-a')).toBe(false);
    expect(await store.open('s3', 'owner-b')).toBe(true);
    await store.forget('s1');
    await store.forget('s1');
    expect(await store.isFullFor('owner-a')).toBe(false);
    expect(await store.open('s4', 'owner-a')).toBe(true);
    expect(await store.open('s5', 'owner-a')).toBe(false);

    const defaults = new InMemoryMcpSessionOwners();
    for (let at = 0; at < 100; at++) expect(await defaults.open(`s${at}`, 'owner-a')).toBe(true);
    expect(await defaults.open('one-more', 'owner-a')).toBe(false);
    expect(await defaults.open('one-more', 'owner-b')).toBe(true);
  });

  it('never gives a kept session to another owner', async () => {
    const store = new InMemoryMcpSessionOwners();
    expect(await store.open('s1', 'owner-a')).toBe(true);
    expect(await store.open('s1', 'owner-b')).toBe(false);
    expect(await store.ownerOf('s1')).toBe('owner-a');
  });

  it('refuses a maxSessionsPerOwner that is no count, and one with a store', () => {
    expect(() => new InMemoryMcpSessionOwners({ maxSessionsPerOwner: 0 })).toThrow(
      'options.maxSessionsPerOwner',
    );
    expect(
      () =>
        new McpSessionBinding({ store: new InMemoryMcpSessionOwners(), maxSessionsPerOwner: 5 }),
    ).toThrow('options.maxSessionsPerOwner is for the default store');
  });
});

describe('McpSessionBinding ownerDigestKey', () => {
  const randomKey = () => crypto.getRandomValues(new Uint8Array(32));
  // A store of the app's own (shared by its processes): the fleet must share the digest key.
  const sharedStore = () => {
    const owners = new Map<string, string>();
    return {
      open: async (id: string, owner: string) => {
        owners.set(id, owner);
        return true;
      },
      ownerOf: async (id: string) => owners.get(id),
      forget: async (id: string) => void owners.delete(id),
    };
  };

  it('is required with a store of the app’s own: a ConfigurationError naming it and how to make one', () => {
    let thrown: unknown;
    try {
      new McpSessionBinding({ store: sharedStore() });
    } catch (error) {
      thrown = error;
    }
    expect(ConfigurationError.isInstance(thrown)).toBe(true);
    expect((thrown as ConfigurationError).variable).toBe('options.ownerDigestKey');
    expect((thrown as Error).message).toContain('openssl rand -base64 32');
    expect(
      () => new McpSessionBinding({ store: sharedStore(), ownerDigestKey: randomKey() }),
    ).not.toThrow();
    // One process's own stores need none: a random key is made for them.
    expect(() => new McpSessionBinding()).not.toThrow();
    expect(() => new McpSessionBinding({ store: new InMemoryMcpSessionOwners() })).not.toThrow();
  });

  it('refuses a key that is too short, text, one byte repeated, a string, or a CryptoKey that is no HMAC-SHA-256 signing key, never showing it', async () => {
    const text = new TextEncoder().encode('correct horse battery staple and more words');
    const short = randomKey().slice(0, 31);
    const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
      'encrypt',
    ]);
    const sha1 = await crypto.subtle.generateKey(
      { name: 'HMAC', hash: 'SHA-1', length: 256 },
      true,
      ['sign'],
    );
    const verifyOnly = await crypto.subtle.generateKey(
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      true,
      ['verify'],
    );
    const shortHmac = await crypto.subtle.generateKey(
      { name: 'HMAC', hash: 'SHA-256', length: 128 },
      true,
      ['sign'],
    );
    const base64 = btoa(String.fromCharCode(...randomKey()));
    for (const key of [
      short,
      text,
      new Uint8Array(32),
      base64,
      aes,
      sha1,
      verifyOnly,
      shortHmac,
      [],
      [randomKey(), short],
      42,
    ]) {
      let thrown: unknown;
      try {
        new McpSessionBinding({ store: sharedStore(), ownerDigestKey: key as never });
      } catch (error) {
        thrown = error;
      }
      expect(ConfigurationError.isInstance(thrown), String(key)).toBe(true);
      const message = (thrown as Error).message;
      expect(message).toContain('options.ownerDigestKey');
      expect(message).toContain('openssl rand -base64 32');
      expect(message).not.toContain(base64);
      expect(message).not.toContain('correct horse');
    }
    const four = [randomKey(), randomKey(), randomKey(), randomKey()];
    expect(() => new McpSessionBinding({ store: sharedStore(), ownerDigestKey: four })).toThrow(
      'at most 3',
    );
    const hmac = await crypto.subtle.generateKey(
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign'],
    );
    expect(
      () => new McpSessionBinding({ store: sharedStore(), ownerDigestKey: hmac }),
    ).not.toThrow();
    expect(
      () => new McpSessionBinding({ store: sharedStore(), ownerDigestKey: [randomKey(), hmac] }),
    ).not.toThrow();
  });

  it('never shows the key: String, JSON and inspect of the binding are redacted', () => {
    const key = randomKey();
    const hex = Array.from(key, (byte) => byte.toString(16).padStart(2, '0')).join('');
    const base64 = btoa(String.fromCharCode(...key));
    const binding = new McpSessionBinding({ store: sharedStore(), ownerDigestKey: key });
    const shown = [
      String(binding),
      JSON.stringify(binding),
      JSON.stringify({ binding }),
      inspect(binding, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
      inspect({ binding }, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
    ];
    for (const text of shown) {
      expect(text).toContain('ownerDigestKey');
      expect(text).toContain(REDACTED);
      expect(text).not.toContain(hex);
      expect(text).not.toContain(base64);
      expect(text).not.toMatch(/\b\d{1,3}(, \d{1,3}){15}/);
    }
  });
});
