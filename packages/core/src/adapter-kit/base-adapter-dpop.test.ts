import { inspect } from 'node:util';
import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { adapterHarness, ClientCredentialsAdapter } from '../../test/base-adapter-fixture.js';
import { recordingLogger } from '../../test/token-server.js';
import { createDpopProver, type DpopProver } from '../dpop/dpop-prover.js';
import type { AdapterOptions } from './adapter-options.js';

const { answering: adapterAnswering, server } = adapterHarness();

const request = {
  agentId: 'agent-1',
  act: { sub: 'u-1' },
  scope: ['finance.read', 'finance.write'],
};

describe('BaseAdapter with the dpop option (RFC 9449)', () => {
  it('returns a DPoP token bound to the prover key, the proof sent with the request', async () => {
    const prover = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const { adapter } = await adapterAnswering(
      { access_token: 'AT', token_type: 'DPoP' },
      { dpop: { prover } },
    );
    const token = await adapter.requestToken(request);
    expect(token.tokenType).toBe('DPoP');
    expect(server()?.requests[0]?.headers.dpop).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('has an id of its own per prover, so that no cache shares bound tokens across keys', async () => {
    const made = async (dpop?: AdapterOptions['dpop']) =>
      new ClientCredentialsAdapter('https://idp.example/token', dpop === undefined ? {} : { dpop })
        .id;
    const prover = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const other = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    expect(await made({ prover })).toBe(await made({ prover }));
    expect(await made({ prover })).not.toBe(await made({ prover: other }));
    expect(await made({ prover })).not.toBe(await made());
  });

  it('refuses a dpop option that is not { prover }, telling a bare keyPair what to do', async () => {
    const keyPair = await generateKeyPair('ES256');
    const made = (dpop: unknown) =>
      new ClientCredentialsAdapter('https://idp.example/token', { dpop } as AdapterOptions);
    expect(() => made({ keyPair })).toThrow(
      'options.dpop: keyPair is not an option: pass { prover: createDpopProver({ keyPair }) from @dual-auth/core/dpop }',
    );
    expect(() => made({ prover: keyPair })).toThrow(/options\.dpop\.prover must be a DpopProver/);
    expect(() => made('yes')).toThrow(/options\.dpop must be an object/);
    const prover = createDpopProver({ keyPair });
    expect(() => made({ prover, acceptUnboundTokens: 'yes' })).toThrow(
      /acceptUnboundTokens must be a boolean/,
    );
  });
});

describe('BaseAdapter with a hand-made DpopProver', () => {
  // The prover's id is part of the adapter's id, the key of every token cache: two hand-made
  // provers with an empty (or blank) id would share bound tokens across keys (RFC 9449 §6).
  it('refuses at construction a prover whose id is empty, blank, not a string or holds spaces', async () => {
    const real = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const made = (id: unknown) =>
      new ClientCredentialsAdapter('https://idp.example/token', {
        dpop: { prover: { ...real, id } as DpopProver },
      });
    for (const id of ['', ' ', '\t', 'key 1', 'k\n1', 'k\u200b', 7, undefined, 'x'.repeat(257)]) {
      expect(() => made(id)).toThrow(TypeError);
      expect(() => made(id)).toThrow(
        'options.dpop.prover.id must be 1 to 256 visible ASCII characters without spaces, one per key pair (createDpopProver makes one): it keys the token cache, so two keys must never share it',
      );
    }
    expect(made('hsm-key-2026-12').id.endsWith('\u001Fdpop:hsm-key-2026-12')).toBe(true);
    expect(made(real.id).id.endsWith(`\u001Fdpop:${real.id}`)).toBe(true);
    expect(real.id).toMatch(/^[\w-]{43}$/);
  });
});

describe('BaseAdapter: a narrower scope than requested (RFC 6749 §5.1)', () => {
  it('keeps the token and warns with IAM identifiers and the missing scope names only', async () => {
    const { adapter, events } = await adapterAnswering({
      access_token: 'AT',
      scope: 'finance.read',
    });
    const token = await adapter.requestToken({
      ...request,
      act: { sub: 'u-1', email: 'alice@example.com' },
    });
    expect(token.scope).toBe('finance.read');
    expect(events).toContainEqual({
      level: 'warn',
      event: 'token_scope_narrowed',
      fields: {
        vendor: 'okta',
        agent_id: 'agent-1',
        human_id: 'u-1',
        missing_scope: ['finance.write'],
      },
    });
    expect(JSON.stringify(events)).not.toContain('alice@example.com');
  });

  it('says nothing when every requested scope is granted or the IdP sends no scope', async () => {
    const { adapter, events } = await adapterAnswering({ access_token: 'AT' });
    await adapter.requestToken(request);
    expect(events.map((e) => e.event)).not.toContain('token_scope_narrowed');
  });
});

describe('BaseAdapter: a wider scope than requested (RFC 6749 §5.1, RFC 8693 §2.2.1)', () => {
  // The IdP may issue another scope than asked (defaults it adds, a client scope); the token is
  // kept, as no rule refuses it, but the agent then holds more than it asked for: say so once.
  it('keeps the token and warns once per adapter with the scope names not asked for', async () => {
    const answer = { access_token: 'AT', scope: 'finance.read finance.write profile email' };
    const { adapter, events } = await adapterAnswering(answer);
    const human = { sub: 'u-1', name: 'Alice Liddell', email: 'alice@example.com' };
    const token = await adapter.requestToken({ ...request, act: human });
    expect(token.scope).toBe(answer.scope);
    await adapter.requestToken({ ...request, act: human });
    const widened = events.filter((e) => e.event === 'token_scope_widened');
    expect(widened).toEqual([
      {
        level: 'warn',
        event: 'token_scope_widened',
        fields: {
          vendor: 'okta',
          agent_id: 'agent-1',
          human_id: 'u-1',
          extra_scope: ['profile', 'email'],
          extra_scope_count: 2,
        },
      },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/alice|liddell|"AT"/i);
  });

  it("blanks a granted extra scope named as the human's id or email, unless it was requested", async () => {
    const { adapter, events } = await adapterAnswering({
      access_token: 'AT',
      scope: 'finance.read finance.write u-1 alice@example.com admin',
    });
    const human = { sub: 'u-1', email: 'alice@example.com', role: 'admin' };
    await adapter.requestToken({ ...request, act: human });
    expect(events.find((e) => e.event === 'token_scope_widened')?.fields).toMatchObject({
      extra_scope: ['***REDACTED***', '***REDACTED***', '***REDACTED***'],
      extra_scope_count: 3,
    });
    const { adapter: asked, events: told } = await adapterAnswering({
      access_token: 'AT',
      scope: 'finance.read admin u-1',
    });
    // A role also requested as a scope is a scope name: the IdP's answer may say it as it is.
    await asked.requestToken({ ...request, scope: ['finance.read', 'admin'], act: human });
    expect(told.find((e) => e.event === 'token_scope_widened')?.fields).toMatchObject({
      extra_scope: ['***REDACTED***'],
      extra_scope_count: 1,
    });
    const warnings = [...events, ...told].filter((e) => e.event === 'token_scope_widened');
    const listed = warnings.map((e) => (e.fields as { extra_scope?: unknown }).extra_scope);
    expect(JSON.stringify(listed)).not.toMatch(/u-1|admin|alice/);
  });

  it('warns at most 5 times a minute (by the adapter clock) when the IdP adds a new scope every time', async () => {
    const { logger, events } = recordingLogger();
    let now = 1_000_000;
    let served = 0;
    const fetch: typeof globalThis.fetch = async () => {
      served += 1;
      return Response.json({ access_token: 'AT', scope: `finance.read nonce-${served}` });
    };
    const adapter = new ClientCredentialsAdapter('https://idp.example/token', {
      logger,
      fetch,
      retry: false,
      clock: { now: () => now },
    });
    const widened = () => events.filter((e) => e.event === 'token_scope_widened');
    for (let i = 0; i < 40; i++) await adapter.requestToken(request);
    expect(widened()).toHaveLength(5);
    now += 59_999;
    await adapter.requestToken(request);
    expect(widened()).toHaveLength(5);
    now += 1;
    await adapter.requestToken(request);
    expect(widened()).toHaveLength(6);
    // The next warning says how many were left out, so a reader knows the IdP keeps doing it.
    expect(widened().at(-1)?.fields).toMatchObject({
      extra_scope: ['nonce-42'],
      extra_scope_count: 1,
      suppressed_count: 36,
    });
  });

  it("the token's string forms blank a granted scope named as the human, its scope kept", async () => {
    const scope = 'finance.read finance.write u-1 mail:alice@example.com';
    const { adapter } = await adapterAnswering({ access_token: 'AT', scope });
    const token = await adapter.requestToken({
      ...request,
      act: { sub: 'u-1', email: 'alice@example.com' },
    });
    expect(token.scope).toBe(scope);
    for (const text of [String(token), JSON.stringify(token), inspect(token)]) {
      expect(text).toContain('finance.read finance.write ***REDACTED*** mail:***REDACTED***');
      expect(text).not.toMatch(/u-1|alice/);
    }
  });

  it('counts but never logs a granted name longer than 128 characters', async () => {
    const odd = 'x'.repeat(129);
    const { adapter, events } = await adapterAnswering({
      access_token: 'AT',
      scope: `finance.read finance.write ${odd} extra`,
    });
    await adapter.requestToken(request);
    expect(events.find((e) => e.event === 'token_scope_widened')?.fields).toMatchObject({
      extra_scope: ['extra'],
      extra_scope_count: 2,
    });
  });

  it('says nothing for the same scopes, no scope, or a Microsoft .default request', async () => {
    for (const [scope, asked] of [
      ['finance.write finance.read', request.scope],
      [undefined, request.scope],
      ['api://finance/Ledger.Read', ['api://finance/.default']],
    ] as const) {
      const { adapter, events } = await adapterAnswering({ access_token: 'AT', scope });
      await adapter.requestToken({ ...request, scope: [...asked] });
      expect(events.map((e) => e.event)).not.toContain('token_scope_widened');
      await server()?.close();
    }
  });
});
