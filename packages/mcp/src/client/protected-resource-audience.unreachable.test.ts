import { describe, expect, it } from 'vitest';
import { firstRefusal } from '../../test/support/first-refusal.js';

// A metadata read that gets no HTTP answer at all (an untrusted certificate, a server that does
// not listen) is told apart from a server that answered without a document: the MCP SDK's
// discovery takes every `TypeError` of fetch for CORS and reports "no metadata", which sent
// users with a private CA (or the local IdP's) to fix a server that was fine.

/** A fetch failing as Node's undici does: `TypeError: fetch failed`, the socket's error as cause. */
const undiciFailure = (code: string) => async () => {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('socket error of the runtime'), { code }),
  });
};

const refusalWith = (fetch: typeof globalThis.fetch, options = {}) =>
  firstRefusal('https://mcp.example.com', fetch, options);

describe('dualAuthFetch: metadata of a server that cannot be reached', () => {
  it('names a TLS certificate that is not trusted and how to trust its CA, asking for no token', async () => {
    const { error, asked } = await refusalWith(undiciFailure('SELF_SIGNED_CERT_IN_CHAIN'));
    expect(error).toMatchObject({ name: 'ResourceRefusedError', reason: 'unreadable-metadata' });
    expect(error?.message).toMatch(/TLS certificate check failed \(SELF_SIGNED_CERT_IN_CHAIN\)/);
    expect(error?.message).toMatch(/NODE_EXTRA_CA_CERTS/);
    expect(error?.message).toMatch(/fetch option/);
    expect(error?.message).not.toMatch(/no 2xx/);
    expect(asked).toBe(0);
  });

  it("reads Deno's rustls reason from the message", async () => {
    const deno = async () => {
      throw new TypeError(
        'error sending request: client error (Connect): invalid peer certificate: UnknownIssuer',
      );
    };
    const { error } = await refusalWith(deno);
    expect(error?.message).toMatch(/TLS certificate check failed \(UnknownIssuer\)/);
  });

  it('says the server could not be reached when nothing answers, without the error text', async () => {
    const { error, asked } = await refusalWith(undiciFailure('ECONNREFUSED'));
    expect(error).toMatchObject({ reason: 'unreadable-metadata' });
    expect(error?.message).toMatch(/could not be reached \(network error\)/);
    expect(error?.message).toMatch(/that it listens/);
    expect(error?.message).not.toMatch(/socket error of the runtime|no 2xx/);
    expect(asked).toBe(0);
  });

  it("names the server's status when it answered without a document", async () => {
    const { error } = await refusalWith(async () => new Response('down', { status: 500 }));
    expect(error).toMatchObject({ reason: 'unreadable-metadata' });
    expect(error?.message).toMatch(/no 2xx RFC 9728 document \(HTTP 500\)/);
  });

  it('tells an untrusted certificate at resourceMetadataUrl too', async () => {
    const { error } = await refusalWith(undiciFailure('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), {
      resourceMetadataUrl: 'https://docs.example.com/mcp.json',
    });
    expect(error).toMatchObject({ reason: 'unreadable-metadata' });
    expect(error?.message).toMatch(
      /at resourceMetadataUrl .*TLS certificate check failed \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
    );
  });
});
