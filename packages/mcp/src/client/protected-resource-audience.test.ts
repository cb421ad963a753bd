import type { DualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';
import { assertTokenFor } from './protected-resource-audience.js';
import { ResourceRefusedError } from './resource-refused-error.js';

const segment = (value: object) =>
  btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
/** A token whose payload is `claims` (unsigned: only its `aud` is read). */
const tokenWith = (claims: object | undefined): DualSubjectToken => ({
  accessToken:
    claims === undefined ? 'opaque-token' : `${segment({ alg: 'none' })}.${segment(claims)}.sig`,
  tokenType: 'Bearer',
  expiresIn: 300,
  expiresAt: 2_000_000_000_000,
  scope: 'finance.read',
});
const provider = { getToken: async () => tokenWith({ aud: 'https://mcp.example.com/mcp' }) };
/** A dualAuthFetch sending with `fetch`; `asked()`: how many tokens it asked for. */
function countingFetch(fetch: typeof globalThis.fetch) {
  let asked = 0;
  const send = dualAuthFetch({
    origin: 'https://mcp.example.com',
    tokenProvider: {
      getToken: async () => {
        asked++;
        return tokenWith({ aud: 'https://mcp.example.com/mcp' });
      },
    },
    fetch,
  });
  return { send, asked: () => asked };
}

describe('assertTokenFor', () => {
  it('accepts an aud naming the resource, as a URL (one resource with or without a slash) or in a list with accepted extras', () => {
    expect(() =>
      assertTokenFor(tokenWith({ aud: 'https://mcp.example.com' }), 'https://mcp.example.com/'),
    ).not.toThrow();
    const listed = tokenWith({ aud: ['finance-agent', 'https://mcp.example.com/mcp'] });
    expect(() =>
      assertTokenFor(listed, 'https://mcp.example.com/mcp', ['finance-agent']),
    ).not.toThrow();
    expect(() =>
      assertTokenFor(tokenWith({ aud: 'api-client-id' }), 'api-client-id'),
    ).not.toThrow();
  });

  it('refuses a token for another resource, without aud, or opaque, saying to set tokenAudience', () => {
    for (const claims of [
      { aud: 'https://api.example.com/' },
      { sub: 'x' },
      { aud: 7 },
      undefined,
    ]) {
      const refused = (() => {
        try {
          assertTokenFor(tokenWith(claims), 'https://mcp.example.com/mcp');
        } catch (error) {
          return error;
        }
      })();
      expect(refused).toBeInstanceOf(ResourceRefusedError);
      expect((refused as ResourceRefusedError).reason).toBe('token-audience');
      expect((refused as Error).message).toMatch(/set tokenAudience/);
      expect((refused as Error).message).not.toContain('opaque-token');
    }
  });
});

describe('assertTokenFor: a token with several audiences', () => {
  const refusal = (token: DualSubjectToken, extra?: readonly string[]) => {
    try {
      assertTokenFor(token, 'https://mcp.example.com/mcp', extra);
    } catch (error) {
      return error as ResourceRefusedError;
    }
  };

  it('refuses an aud naming another audience besides the resource, naming it and the option', () => {
    const token = tokenWith({ aud: ['https://mcp.example.com/mcp', 'account', 7] });
    const refused = refusal(token);
    expect(refused).toBeInstanceOf(ResourceRefusedError);
    expect(refused?.reason).toBe('token-audience');
    expect(refused?.message).toContain('"account", 7');
    expect(refused?.message).toContain('extraTokenAudiences');
    expect(refused?.message).not.toContain(token.accessToken);
    // Listing account is not enough while the malformed 7 stays.
    expect(refusal(token, ['account'])?.reason).toBe('token-audience');
  });

  it('accepts the audiences listed in extraTokenAudiences, compared as URLs', () => {
    const token = tokenWith({ aud: ['https://mcp.example.com/mcp', 'https://t.example/'] });
    expect(refusal(token, ['https://t.example'])).toBeUndefined();
    expect(refusal(token, ['https://t.example/other'])?.reason).toBe('token-audience');
  });
});

describe('dualAuthFetch resource-metadata options', () => {
  const base = { origin: 'https://mcp.example.com', tokenProvider: provider };

  it('refuses at creation a resourceMetadata other than require or off, and an empty tokenAudience', () => {
    expect(() => dualAuthFetch({ ...base, resourceMetadata: 'warn' } as never)).toThrow(
      /options\.resourceMetadata must be 'require' or 'off'/,
    );
    expect(() => dualAuthFetch({ ...base, tokenAudience: '' })).toThrow(TypeError);
    expect(() => dualAuthFetch({ ...base, resourceMetadataTimeoutMs: 5 })).toThrow(
      /resourceMetadataTimeoutMs/,
    );
    for (const extraTokenAudiences of ['account', [''], [7]]) {
      expect(() => dualAuthFetch({ ...base, extraTokenAudiences } as never)).toThrow(
        /options\.extraTokenAudiences must be an array/,
      );
    }
  });

  it('asks for no token when the metadata names another resource', async () => {
    const { send, asked } = countingFetch(async () =>
      Response.json({ resource: 'https://mcp.example.com/other', authorization_servers: [] }),
    );
    await expect(send('https://mcp.example.com/mcp')).rejects.toMatchObject({
      name: 'ResourceRefusedError',
      reason: 'resource-mismatch',
    });
    expect(asked()).toBe(0);
  });
});

describe('dualAuthFetch resource-metadata reads', () => {
  /** A server at every path of mcp.example.com whose metadata names the URL asked for. */
  function metadataServer() {
    const reads: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (!url.pathname.startsWith('/.well-known/')) return new Response('{}');
      reads.push(url.pathname);
      const resource = new URL(
        url.pathname.slice('/.well-known/oauth-protected-resource'.length),
        url,
      );
      return Response.json({ resource: resource.href });
    }) as typeof globalThis.fetch;
    return { fetch, reads };
  }
  const tokenFor = (path: string) => tokenWith({ aud: `https://mcp.example.com${path}` });

  it('keeps 64 server URLs: the oldest is read again after 64 others', async () => {
    const mcp = metadataServer();
    let path = '/s0';
    const send = dualAuthFetch({
      origin: 'https://mcp.example.com',
      tokenProvider: { getToken: async () => tokenFor(path) },
      fetch: mcp.fetch,
    });
    for (let n = 0; n <= 64; n++) {
      path = `/s${n}`;
      await send(`https://mcp.example.com${path}`);
    }
    path = '/s64';
    await send('https://mcp.example.com/s64');
    expect(mcp.reads).toHaveLength(65);
    path = '/s0';
    await send('https://mcp.example.com/s0');
    expect(mcp.reads).toHaveLength(66);
    expect(mcp.reads.at(-1)).toBe('/.well-known/oauth-protected-resource/s0');
  });

  it('stops waiting for the metadata when the caller aborts, asking for no token', async () => {
    const { send, asked } = countingFetch(() => new Promise<Response>(() => {}));
    const controller = new AbortController();
    const call = send('https://mcp.example.com/mcp', { signal: controller.signal });
    controller.abort(new Error('the caller gave up'));
    await expect(call).rejects.toThrow('the caller gave up');
    expect(asked()).toBe(0);
  });
});

describe('dualAuthFetch: which resource the metadata must name (RFC 9728 §3.1, §3.3)', () => {
  /** A server whose metadata is `documents[well-known path and query]`; 404 elsewhere. */
  function serverWith(documents: Record<string, string>, aud: string) {
    const reads: string[] = [];
    const fetch = (async (input: RequestInfo | URL) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (!url.pathname.startsWith('/.well-known/')) return new Response('{}');
      reads.push(url.pathname + url.search);
      const resource = documents[url.pathname + url.search];
      return resource === undefined
        ? new Response(null, { status: 404 })
        : Response.json({ resource });
    }) as typeof globalThis.fetch;
    const send = dualAuthFetch({
      origin: 'https://mcp.example.com',
      tokenProvider: { getToken: async () => tokenWith({ aud }) },
      fetch,
    });
    return { send, reads };
  }
  const outcome = (call: Promise<Response>) =>
    call.then(
      (response) => `sent, ${response.status}`,
      (error: ResourceRefusedError) => error.reason,
    );

  it('keeps the query in the well-known URL and in the resource', async () => {
    const url = 'https://mcp.example.com/mcp?tenant=a';
    const { send, reads } = serverWith(
      { '/.well-known/oauth-protected-resource/mcp?tenant=a': url },
      url,
    );
    expect(await outcome(send(url))).toBe('sent, 200');
    expect(reads).toEqual(['/.well-known/oauth-protected-resource/mcp?tenant=a']);
  });

  it('reads /mcp/ at the well-known URL of /mcp, whose resource is https://mcp.example.com/mcp', async () => {
    const docs = { '/.well-known/oauth-protected-resource/mcp': 'https://mcp.example.com/mcp' };
    const { send } = serverWith(docs, 'https://mcp.example.com/mcp');
    expect(await outcome(send('https://mcp.example.com/mcp/'))).toBe('sent, 200');
  });

  it('takes a root document only as naming the origin, not the path called', async () => {
    const root = '/.well-known/oauth-protected-resource';
    const origin = serverWith({ [root]: 'https://mcp.example.com/' }, 'https://mcp.example.com/');
    expect(await outcome(origin.send('https://mcp.example.com/b/mcp'))).toBe('sent, 200');
    expect(origin.reads).toEqual([`${root}/b/mcp`, root]);
    const path = serverWith(
      { [root]: 'https://mcp.example.com/b/mcp' },
      'https://mcp.example.com/b/mcp',
    );
    expect(await outcome(path.send('https://mcp.example.com/b/mcp'))).toBe('resource-mismatch');
  });
});
