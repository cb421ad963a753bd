import { afterEach, describe, expect, it } from 'vitest';
import { adapterHarness } from '../../test/base-adapter-fixture.js';
import { polluted } from '../../test/polluted-prototype.js';
import { startTokenServer, type TokenServer } from '../../test/token-server.js';
import { postRevocation } from './post-revocation.js';

// Attack (wave 29): a prototype-pollution bug elsewhere in the process sets members on
// Object.prototype. The token endpoint's answer and the revocation answer were plain JSON.parse
// objects, so a member the IdP's answer lacks was read off the prototype: a token's life stretched
// to a day, a scope the IdP never granted, a token type the IdP never said, a failed revocation
// reported as one the IdP does not support. The answer's objects are now on a null prototype.

const { answering } = adapterHarness();
const request = { agentId: 'agent-1', act: { sub: 'u-1' }, scope: ['finance.read'] };

const proto = Object.prototype as Record<string, unknown>;
const MEMBERS = ['expires_in', 'scope', 'token_type', 'issued_token_type', 'act', 'error'];
afterEach(() => {
  // `polluted` removes what it set; this is the belt to its braces, should a test throw midway.
  for (const member of MEMBERS) delete proto[member];
});

describe('a polluted Object.prototype supplies no member a token answer lacks', () => {
  it('an answer without expires_in keeps the default life, not the polluted one', async () => {
    const { adapter } = await answering({ access_token: 'AT' });
    const token = await polluted({ expires_in: 86_400 }, () => adapter.requestToken(request));
    expect(token.expiresIn).toBe(3600);
  });

  it('an answer without scope gains no polluted scope', async () => {
    const { adapter } = await answering({ access_token: 'AT', expires_in: 300 });
    const token = await polluted({ scope: 'finance.read finance.admin' }, () =>
      adapter.requestToken(request),
    );
    expect(token.scope).toBe('finance.read');
  });

  it('an answer without token_type is Bearer, not a polluted type', async () => {
    const { adapter } = await answering({ access_token: 'AT', expires_in: 300 });
    const token = await polluted({ token_type: 'N_A' }, () => adapter.requestToken(request));
    expect(token.tokenType).toBe('Bearer');
  });
});

describe('a polluted Object.prototype supplies no error code a revocation answer lacks', () => {
  let server: TokenServer | undefined;
  afterEach(() => server?.close());

  it('a 400 without error is a failed revocation, not unsupported_token_type', async () => {
    server = await startTokenServer([{ status: 400, body: {} }]);
    const url = server.url;
    // The IdP's answer is fetched before the pollution: Node's own fetch breaks under a polluted
    // `error`, and the reading of the answer is what this test is about.
    const answer = await fetch(url, { method: 'POST' });
    const outcome = await polluted({ error: 'unsupported_token_type' }, () =>
      postRevocation({
        endpoint: url,
        form: [['token', 'AT']],
        fetch: async () => answer,
        timeoutMs: 60_000,
        vendor: 'okta',
        expiresAtMs: 0,
      }),
    );
    expect(outcome).toEqual({
      status: 'failed',
      endpoint: url,
      message: 'the revocation endpoint answered HTTP 400',
    });
  });
});
