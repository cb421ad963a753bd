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

/** What a call ended with: its status, or the refusal's reason. */
const outcome = (call: Promise<Response>) =>
  call.then(
    (response) => `sent, ${response.status}`,
    (error: ResourceRefusedError) => error.reason,
  );

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

  it('refuses a token for another resource or without aud, saying to set tokenAudience', () => {
    for (const claims of [{ aud: 'https://api.example.com/' }, { sub: 'x' }, { aud: 7 }]) {
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
    }
  });

  it("refuses an opaque token, saying to set opaqueTokens: 'send' (tokenAudience cannot help), and sends it with that", () => {
    const opaque = tokenWith(undefined);
    const refused = (() => {
      try {
        assertTokenFor(opaque, 'https://mcp.example.com/mcp');
      } catch (error) {
        return error as ResourceRefusedError;
      }
    })();
    expect(refused?.reason).toBe('token-audience');
    expect(refused?.message).toMatch(/set opaqueTokens: 'send'/);
    expect(refused?.message).not.toMatch(/tokenAudience/);
    expect(refused?.message).not.toContain('opaque-token');
    expect(() => assertTokenFor(opaque, 'https://mcp.example.com/mcp', [], 'send')).not.toThrow();
  });

  it('still refuses a JWT for another resource with opaqueTokens: send', () => {
    const other = tokenWith({ aud: 'https://api.example.com/' });
    expect(() => assertTokenFor(other, 'https://mcp.example.com/mcp', [], 'send')).toThrow(
      ResourceRefusedError,
    );
  });

  it('refuses an aud that differs from the resource by a trailing slash, both ways: a server compares aud exactly (token-audience)', () => {
    const cases = [
      ['https://mcp.example.com/mcp/', 'https://mcp.example.com/mcp'],
      ['https://mcp.example.com/mcp', 'https://mcp.example.com/mcp/'],
    ] as const;
    for (const [aud, resource] of cases) {
      const refused = (() => {
        try {
          assertTokenFor(tokenWith({ aud }), resource);
        } catch (error) {
          return error as ResourceRefusedError;
        }
      })();
      expect(refused).toBeInstanceOf(ResourceRefusedError);
      expect(refused?.reason).toBe('token-audience');
      expect(refused?.message).toContain(`the token's aud is not ${resource}`);
    }
    // A slash-ended resource still takes its own slash-ended aud, and an extra audience too.
    const slash = tokenWith({ aud: ['https://mcp.example.com/mcp/', 'https://api.example.com/'] });
    expect(() =>
      assertTokenFor(slash, 'https://mcp.example.com/mcp/', ['https://api.example.com/']),
    ).not.toThrow();
    const extraWithoutSlash = tokenWith({
      aud: ['https://mcp.example.com/mcp/', 'https://api.example.com/v1/'],
    });
    expect(() =>
      assertTokenFor(extraWithoutSlash, 'https://mcp.example.com/mcp/', [
        'https://api.example.com/v1',
      ]),
    ).toThrow(ResourceRefusedError);
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
    const refused = await send('https://mcp.example.com/mcp').catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'ResourceRefusedError', reason: 'resource-mismatch' });
    // The way out of an internal URL (behind a proxy) whose metadata names the public one.
    expect((refused as Error).message).toMatch(
      /call the public URL, or set resourceMetadata: 'off'/,
    );
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

  it('checks one server per fetch, the first URL called: later paths (SSE /messages) read no metadata of their own', async () => {
    const mcp = metadataServer();
    const send = dualAuthFetch({
      origin: 'https://mcp.example.com',
      tokenProvider: { getToken: async () => tokenFor('/sse') },
      fetch: mcp.fetch,
    });
    for (const session of ['a', 'b', 'c']) {
      expect((await send('https://mcp.example.com/sse')).status).toBe(200);
      const posted = await send(`https://mcp.example.com/messages?sessionId=${session}`, {
        method: 'POST',
        body: '{}',
      });
      expect(posted.status).toBe(200);
    }
    expect(mcp.reads).toEqual(['/.well-known/oauth-protected-resource/sse']);
  });

  it('checks the server named by serverUrl whatever URL comes first, and refuses one on another origin', async () => {
    const mcp = metadataServer();
    const options = {
      origin: 'https://mcp.example.com',
      tokenProvider: { getToken: async () => tokenFor('/sse') },
      fetch: mcp.fetch,
    };
    const send = dualAuthFetch({ ...options, serverUrl: 'https://mcp.example.com/sse' });
    await send('https://mcp.example.com/messages?sessionId=a', { method: 'POST', body: '{}' });
    expect(mcp.reads).toEqual(['/.well-known/oauth-protected-resource/sse']);
    for (const serverUrl of ['https://other.example.com/sse', 'not a url', 7]) {
      expect(() => dualAuthFetch({ ...options, serverUrl } as never)).toThrow(
        /options\.serverUrl must be the MCP server's URL/,
      );
    }
  });

  it("refuses, once a server is checked, a token for another resource sent to a '//host' path of its origin", async () => {
    // F1 of the attack review under the per-server check: the URL of a later request never
    // chooses the resource, so a finance token is still refused at //finance.example/mcp.
    const mcp = metadataServer();
    let aud = 'https://mcp.example.com/mcp';
    const send = dualAuthFetch({
      origin: 'https://mcp.example.com',
      tokenProvider: { getToken: async () => tokenWith({ aud }) },
      fetch: mcp.fetch,
    });
    expect((await send('https://mcp.example.com/mcp')).status).toBe(200);
    aud = 'https://finance.example/mcp';
    await expect(send('https://mcp.example.com//finance.example/mcp')).rejects.toMatchObject({
      reason: 'token-audience',
    });
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

  it('takes a root document as naming the origin or exactly the path called (as the SDK), no other path', async () => {
    const root = '/.well-known/oauth-protected-resource';
    const origin = serverWith({ [root]: 'https://mcp.example.com/' }, 'https://mcp.example.com/');
    expect(await outcome(origin.send('https://mcp.example.com/b/mcp'))).toBe('sent, 200');
    expect(origin.reads).toEqual([`${root}/b/mcp`, root]);
    const path = serverWith(
      { [root]: 'https://mcp.example.com/b/mcp/' },
      'https://mcp.example.com/b/mcp/',
    );
    expect(await outcome(path.send('https://mcp.example.com/b/mcp'))).toBe('sent, 200');
    // The token's aud is the resource as the document writes it, its trailing slash included.
    const slashless = serverWith(
      { [root]: 'https://mcp.example.com/b/mcp/' },
      'https://mcp.example.com/b/mcp',
    );
    expect(await outcome(slashless.send('https://mcp.example.com/b/mcp'))).toBe('token-audience');
    // A shared gateway's root document naming tenant A does not make tenant B's URL A.
    const other = serverWith(
      { [root]: 'https://mcp.example.com/a/mcp' },
      'https://mcp.example.com/a/mcp',
    );
    expect(await outcome(other.send('https://mcp.example.com/b/mcp'))).toBe('resource-mismatch');
    const prefix = serverWith({ [root]: 'https://mcp.example.com/b' }, 'https://mcp.example.com/b');
    expect(await outcome(prefix.send('https://mcp.example.com/b/mcp'))).toBe('resource-mismatch');
  });
});

describe('dualAuthFetch: metadata named in a 401 (RFC 9728 §5.1 resource_metadata)', () => {
  /** A server with no well-known metadata whose 401 points at `pointer`, where `resource` is served. */
  function pointingServer(pointer: string, resource: string) {
    const seen: { url: string; method: string; authorization: string | null }[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const authorization = request.headers.get('authorization');
      seen.push({ url: request.url, method: request.method, authorization });
      if (request.url === pointer) return Response.json({ resource });
      if (new URL(request.url).pathname.startsWith('/.well-known/')) {
        return new Response(null, { status: 404 });
      }
      if (authorization === null) {
        return new Response(null, {
          status: 401,
          headers: { 'www-authenticate': `Bearer resource_metadata="${pointer}"` },
        });
      }
      return Response.json({ ok: true });
    }) as typeof globalThis.fetch;
    const send = dualAuthFetch({
      origin: 'https://mcp.example.com',
      tokenProvider: { getToken: async () => tokenWith({ aud: 'https://mcp.example.com/mcp' }) },
      fetch,
    });
    return { send, seen };
  }
  it('asks with one GET without credentials, then reads the same-origin document it names', async () => {
    const pointer = 'https://mcp.example.com/auth/metadata.json';
    const server = pointingServer(pointer, 'https://mcp.example.com/mcp');
    expect(await outcome(server.send('https://mcp.example.com/mcp', { method: 'POST' }))).toBe(
      'sent, 200',
    );
    const probe = server.seen.find((seen) => seen.url === 'https://mcp.example.com/mcp');
    expect(probe).toEqual({
      url: 'https://mcp.example.com/mcp',
      method: 'GET',
      authorization: null,
    });
    expect(server.seen.map((seen) => seen.url)).toContain(pointer);
  });

  it('does not read a document on another origin', async () => {
    const server = pointingServer(
      'https://finance.example/.well-known/oauth-protected-resource/mcp',
      'https://mcp.example.com/mcp',
    );
    expect(await outcome(server.send('https://mcp.example.com/mcp'))).toBe('no-metadata');
    expect(server.seen.some((seen) => seen.url.startsWith('https://finance.example/'))).toBe(false);
    expect(server.seen.every((seen) => seen.authorization === null)).toBe(true);
  });

  it('takes the pointer only for where to read: a document naming another path is refused', async () => {
    // A shared gateway: tenant B at /b/mcp points at tenant A's document.
    const server = pointingServer(
      'https://mcp.example.com/.well-known/oauth-protected-resource/a/mcp-doc',
      'https://mcp.example.com/a/mcp',
    );
    expect(await outcome(server.send('https://mcp.example.com/b/mcp'))).toBe('resource-mismatch');
    expect(server.seen.every((seen) => seen.authorization === null)).toBe(true);
  });
});
