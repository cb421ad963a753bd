import { inspect } from 'node:util';
import { base64url, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { PROFILE } from '../../test/base-adapter-fixture.js';
import { recordingLogger, startTokenServer, type TokenServer } from '../../test/token-server.js';
import type { Vendor } from '../contracts/vendor.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import type { AdapterOptions } from './adapter-options.js';
import { resolveAdapterOptions } from './adapter-options.js';
import type { AttemptState } from './base-adapter.js';
import { BaseAdapter } from './base-adapter.js';
import type { FormFields } from './encode-form.js';
import { readActOnce } from './read-act-once.js';

// 32 bytes: the least an HS256 key should have (RFC 7518 §3.2).
const SECRET = 'base-adapter-secret-value-32-byte';
class TestAdapter extends BaseAdapter {
  constructor(
    tokenUrl: string,
    options: AdapterOptions,
    vendor: Vendor = 'okta',
    clientSecret = SECRET,
    identity?: string[],
  ) {
    super({ vendor, tokenUrl, clientId: 'agent-1', clientSecret }, options, {
      profile: PROFILE,
      audience: 'https://api',
      details: { audience: 'https://api' },
      identity,
    });
  }

  protected async buildForm({ request, clientSecret }: AttemptState): Promise<FormFields> {
    const assertion = await this.assertion({
      agentId: request.agentId,
      audience: 'https://aud',
      act: request.act,
      secret: clientSecret,
      event: 'test_assertion_created',
    });
    return [['client_assertion', assertion]];
  }
}

let server: TokenServer | undefined;
afterEach(() => server?.close());

async function setup(status = 200) {
  const body = status === 200 ? { access_token: 'AT' } : { error: 'x' };
  server = await startTokenServer([{ status, body }]);
  const { logger, events } = recordingLogger();
  const adapter = new TestAdapter(server.url, {
    logger,
    allowInsecureLoopback: true,
    retry: false,
  });
  return { adapter, events };
}

const act = { sub: 'u-1', email: 'alice@example.com', name: 'Alice Example' };

describe('BaseAdapter', () => {
  it('tells clients apart by identity in id, never showing it in toJSON, toString or the init log', () => {
    const { logger, events } = recordingLogger();
    const made = (identity?: string[]) =>
      new TestAdapter('https://idp.example/token', { logger }, 'okta', SECRET, identity);
    const withKey = made(['https://idp.example/other?code=key-0123']);
    expect(withKey.id).toContain('key-0123');
    expect(withKey.id).not.toBe(made(['https://idp.example/other?code=key-4567']).id);
    expect(made().id).toBe('okta\u001Fhttps://idp.example/token\u001Fagent-1\u001Fhttps://api');
    for (const shown of [JSON.stringify(withKey), String(withKey), JSON.stringify(events)]) {
      expect(shown).not.toContain('key-0123');
    }
  });

  it('logs the reference events with IAM identifiers only', async () => {
    const { adapter, events } = await setup();
    await adapter.requestToken({ agentId: 'agent-1', act, scope: ['finance.read'] });
    expect(events.map((e) => e.event)).toEqual([
      'adapter_initialized',
      'okta_adapter_init',
      'token_request_start',
      'okta_token_request',
      'test_assertion_created',
      'token_request_success',
    ]);
    expect(events[0]?.fields).toEqual({
      adapter_type: 'TestAdapter',
      client_id: 'agent-1',
      token_url: server?.url,
    });
    expect(events[4]?.fields).toMatchObject({ agent_id: 'agent-1', human_id: 'u-1' });
    const text = JSON.stringify(events);
    for (const secret of [SECRET, 'alice@example.com', 'Alice Example', 'AT"']) {
      expect(text).not.toContain(secret);
    }
  });

  it('signs with an HS256 client secret shorter than 32 bytes, and warns once per adapter without the secret (RFC 7518 §3.2)', async () => {
    server = await startTokenServer([{ body: { access_token: 'AT' } }]);
    const { logger, events } = recordingLogger();
    const short = 'idp-issued-short';
    const options = { logger, allowInsecureLoopback: true, retry: false } as const;
    const first = new TestAdapter(server.url, options, 'okta', short);
    await first.requestToken({ agentId: 'agent-1', act, scope: [] });
    await first.requestToken({ agentId: 'agent-1', act, scope: [] });
    const second = new TestAdapter(server.url, options, 'okta', short);
    await second.requestToken({ agentId: 'agent-1', act, scope: [] });
    await new TestAdapter(server.url, options).requestToken({ agentId: 'agent-1', act, scope: [] });

    const warnings = events.filter((e) => e.event === 'client_secret_short');
    expect(warnings).toEqual([
      {
        level: 'warn',
        event: 'client_secret_short',
        fields: {
          client_id: 'agent-1',
          token_url: server.url,
          min_bytes: 32,
        },
      },
      expect.objectContaining({ event: 'client_secret_short' }),
    ]);
    expect(JSON.stringify(events)).not.toContain(short);
    const assertion = new URLSearchParams(server.requests[0]?.body).get('client_assertion') ?? '';
    const { protectedHeader } = await jwtVerify(assertion, new TextEncoder().encode(short), {
      audience: 'https://aud',
    });
    expect(protectedHeader.alg).toBe('HS256');
  });

  it('logs a failure and rethrows it', async () => {
    const { adapter, events } = await setup(500);
    await expect(adapter.requestToken({ agentId: 'agent-1', act, scope: [] })).rejects.toThrow(
      'Token request failed (HTTP 500): Okta error (500)',
    );
    expect(events.at(-1)).toMatchObject({
      event: 'token_request_error',
      fields: { status_code: 500, error_type: 'other' },
    });
  });

  it('turns an untyped failure into a TokenRequestError, logged as <vendor>_unexpected_error', async () => {
    server = await startTokenServer([{ status: 200, body: { access_token: 'AT' } }]);
    const { logger, events } = recordingLogger();
    const entropyDown = new Error('entropy source unavailable');
    const adapter = new TestAdapter(server.url, {
      logger,
      allowInsecureLoopback: true,
      retry: false,
      random: () => {
        throw entropyDown;
      },
    });
    const failure = await adapter
      .requestToken({ agentId: 'agent-1', act, scope: [] })
      .catch((error: unknown) => error);
    expect(TokenRequestError.isInstance(failure)).toBe(true);
    expect((failure as TokenRequestError).message).toBe(
      'Token request failed: Unexpected error: Error',
    );
    // Its class only: the message of an error nobody expected may hold a secret.
    expect((failure as TokenRequestError).cause).toMatchObject({ name: 'Error' });
    expect(JSON.stringify(failure)).not.toContain('entropy source unavailable');
    expect(String((failure as TokenRequestError).cause)).not.toContain('entropy source');
    expect(events.slice(-2)).toEqual([
      { level: 'error', event: 'okta_unexpected_error', fields: { error_type: 'Error' } },
      expect.objectContaining({ level: 'error', event: 'token_request_error' }),
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it("lets input errors and the caller's abort reason through unchanged, without unexpected_error", async () => {
    server = await startTokenServer([{ status: 200, body: { access_token: 'AT' } }]);
    const { logger, events } = recordingLogger();
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const adapter = new TestAdapter(server.url, {
      logger,
      allowInsecureLoopback: true,
      retry: false,
      random: () => {
        controller.abort(reason);
        throw reason;
      },
    });
    await expect(
      adapter.requestToken({ agentId: 'agent-1', act, scope: [], signal: controller.signal }),
    ).rejects.toBe(reason);
    const short = new TestAdapter(server.url, {
      logger,
      allowInsecureLoopback: true,
      retry: false,
      random: () => new Uint8Array(3),
    });
    await expect(short.requestToken({ agentId: 'agent-1', act, scope: [] })).rejects.toThrow(
      new TypeError('randomJti: random(32) must return 32 bytes'),
    );
    expect(events.map((e) => e.event)).not.toContain('okta_unexpected_error');
  });

  it('checks the request before any network call', async () => {
    const { adapter, events } = await setup();
    await expect(
      adapter.requestToken({ agentId: 'agent-1', act: { sub: '' }, scope: [] }),
    ).rejects.toThrow(TypeError);
    expect(events.at(-1)?.event).toBe('invalid_act_claim');
    await expect(adapter.requestToken({ agentId: 'agent-2', act, scope: [] })).rejects.toThrow(
      ConfigurationError,
    );
    await expect(
      adapter.requestToken({ agentId: 'agent-1', act, scope: 'finance.read' as never }),
    ).rejects.toThrow('scope must be an array of non-empty strings');
    await expect(adapter.requestToken(null as never)).rejects.toThrow(TypeError);
    const circular: Record<string, unknown> = { sub: 'u-1' };
    circular.self = circular;
    await expect(
      adapter.requestToken({ agentId: 'agent-1', act: circular as never, scope: [] }),
    ).rejects.toThrow(new TypeError('Act claim must be JSON-serializable'));
    expect(server?.requests).toHaveLength(0);
  });

  it('refuses a config of another vendor and redacts the secret everywhere', async () => {
    const { adapter } = await setup();
    expect(() => new TestAdapter('https://x/oauth2/y', {}, 'keycloak')).toThrow(
      'A keycloak config was given to the okta adapter',
    );
    for (const text of [String(adapter), JSON.stringify(adapter), inspect(adapter, { depth: 9 })]) {
      expect(text).not.toContain(SECRET);
      expect(text).toContain('***REDACTED***');
    }
    expect(Object.values(adapter)).not.toContain(SECRET);
  });

  it.each([
    [{ timeoutMs: 0 }, 'options.timeoutMs must be a finite number > 0'],
    [{ timeoutMs: '10' }, 'options.timeoutMs must be a finite number > 0, got string'],
    [{ maxResponseBytes: -1 }, 'options.maxResponseBytes must be a finite number > 0'],
    [{ retry: 3 }, 'retry must be an object or false'],
    [{ retry: { limit: 1.5 } }, 'retry.limit must be an integer from 0 to 10'],
    [{ sleep: 'later' }, 'options.sleep must be a function, got string'],
  ])('refuses the wrong option %o at construction with a TypeError', (options, message) => {
    expect(() => new TestAdapter('https://idp.example/token', options as never)).toThrow(
      new TypeError(message),
    );
  });

  it('keeps its own copy of the options: later changes by the caller have no effect', async () => {
    server = await startTokenServer([{ body: { access_token: 'AT' } }]);
    const options: AdapterOptions = { allowInsecureLoopback: true, retry: false };
    const adapter = new TestAdapter(server.url, options);
    options.fetch = () => Promise.reject(new Error('swapped fetch'));
    await expect(
      adapter.requestToken({ agentId: 'agent-1', act, scope: [] }),
    ).resolves.toMatchObject({ accessToken: 'AT' });
  });

  it('signs every attempt with the act as it was checked, whatever the caller changes meanwhile', async () => {
    server = await startTokenServer([{ status: 503 }, { body: { access_token: 'AT' } }]);
    const mutable = { sub: 'u-1', roles: ['reader'] };
    const adapter = new TestAdapter(server.url, {
      allowInsecureLoopback: true,
      sleep: async () => {
        mutable.sub = '';
        mutable.roles.push('admin');
      },
    });
    await adapter.requestToken({ agentId: 'agent-1', act: mutable, scope: [] });
    const acts = (server?.requests ?? []).map((request) => {
      const assertion = new URLSearchParams(request.body).get('client_assertion') ?? '';
      const payload = assertion.split('.')[1] ?? '';
      return JSON.parse(new TextDecoder().decode(base64url.decode(payload))).act;
    });
    expect(acts).toEqual([
      { sub: 'u-1', roles: ['reader'] },
      { sub: 'u-1', roles: ['reader'] },
    ]);
  });
});

describe('BaseAdapter reads the act once', () => {
  const actsSent = () =>
    (server?.requests ?? []).map((request) => {
      const assertion = new URLSearchParams(request.body).get('client_assertion') ?? '';
      const payload = assertion.split('.')[1] ?? '';
      return JSON.parse(new TextDecoder().decode(base64url.decode(payload))).act;
    });

  it("asks for the token of the human it checked: a getter's second answer is never sent", async () => {
    const { adapter } = await setup();
    const answers = ['alice', 'bob'];
    const getter = {
      get sub() {
        return answers.shift() ?? 'bob';
      },
    };
    await adapter.requestToken({ agentId: 'agent-1', act: getter as never, scope: [] });
    expect(actsSent()).toEqual([{ sub: 'alice' }]);
  });

  it('refuses an act whose sub is on its prototype (it would be sent without sub)', async () => {
    const { adapter, events } = await setup();
    class Human {
      readonly email = 'alice@example.com';
      get sub() {
        return 'alice';
      }
    }
    await expect(
      adapter.requestToken({ agentId: 'agent-1', act: new Human() as never, scope: [] }),
    ).rejects.toThrow(TypeError);
    expect(events.at(-1)?.event).toBe('invalid_act_claim');
    expect(server?.requests).toHaveLength(0);
  });

  it('signs the copy readActOnce made as it is, and copies any other act, frozen or not', async () => {
    server = await startTokenServer([
      { body: { access_token: 'AT' } },
      { body: { access_token: 'AT' } },
    ]);
    const seen: unknown[] = [];
    class SeeingAdapter extends TestAdapter {
      protected override async buildForm(state: AttemptState): Promise<FormFields> {
        seen.push(state.request.act);
        return super.buildForm(state);
      }
    }
    const adapter = new SeeingAdapter(server.url, { allowInsecureLoopback: true, retry: false });
    const readOnce = readActOnce({ sub: 'alice' });
    await adapter.requestToken({ agentId: 'agent-1', act: readOnce as never, scope: [] });
    let reads = 0;
    const frozen = Object.freeze({
      get sub() {
        reads += 1;
        return reads === 1 ? 'alice' : 'bob';
      },
    });
    await adapter.requestToken({ agentId: 'agent-1', act: frozen, scope: [] });
    expect(reads).toBe(1);
    expect(seen[0]).toBe(readOnce);
    expect(seen[1] === frozen).toBe(false);
    expect(actsSent()).toEqual([{ sub: 'alice' }, { sub: 'alice' }]);
  });

  it('sends the subject token it checked: a getter value read again is never sent', async () => {
    server = await startTokenServer([{ body: { access_token: 'AT' } }]);
    class ExchangeAdapter extends TestAdapter {
      protected override async buildForm({ request }: AttemptState): Promise<FormFields> {
        return [['subject_token', String(request.subjectToken?.value)]];
      }
    }
    const adapter = new ExchangeAdapter(server.url, { allowInsecureLoopback: true, retry: false });
    const answers = ['subject-token-of-alice', 'subject-token-of-bob'];
    const subjectToken = {
      type: 'urn:ietf:params:oauth:token-type:access_token',
      get value() {
        return answers.shift() ?? 'subject-token-of-bob';
      },
    };
    await adapter.requestToken({
      agentId: 'agent-1',
      act: { sub: 'alice' },
      scope: [],
      subjectToken: subjectToken as never,
    });
    const sent = (server?.requests ?? []).map((request) =>
      new URLSearchParams(request.body).get('subject_token'),
    );
    expect(sent).toEqual(['subject-token-of-alice']);
  });

  it('never sends a second read that holds a control character the check never saw', async () => {
    const { adapter } = await setup();
    const answers = ['alice', 'bob\nadmin'];
    const getter = {
      get sub() {
        return answers.shift() ?? '';
      },
    };
    await adapter.requestToken({ agentId: 'agent-1', act: getter as never, scope: [] });
    expect(actsSent()).toEqual([{ sub: 'alice' }]);
  });
});

describe('BaseAdapter options', () => {
  it('resolves its options once, frozen, with every default', () => {
    const resolved = resolveAdapterOptions({ timeoutMs: 5000, retry: { limit: 1 } });
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(resolved).toMatchObject({
      timeoutMs: 5000,
      totalTimeoutMs: 30_000,
      maxResponseBytes: 1_048_576,
      allowInsecureLoopback: false,
      retry: { limit: 1, baseDelayMs: 1000, maxDelayMs: 8000, maxRetryAfterMs: 30_000 },
    });
    expect(resolved.fetch).toBeUndefined();
    expect(typeof resolved.sleep).toBe('function');
  });

  it('hands every option to the token call, totalTimeoutMs included', async () => {
    server = await startTokenServer([{ hang: true }]);
    const adapter = new TestAdapter(server.url, {
      allowInsecureLoopback: true,
      timeoutMs: 60_000,
      totalTimeoutMs: 300,
    });
    await expect(adapter.requestToken({ agentId: 'agent-1', act, scope: [] })).rejects.toThrow(
      'Token request failed: No token from Okta within totalTimeoutMs (300 ms)',
    );
  });
});
