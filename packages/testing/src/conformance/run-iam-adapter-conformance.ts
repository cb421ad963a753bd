import {
  type Act,
  type AdapterPlugin,
  ConfigurationError,
  createSubjectToken,
  type DualSubjectToken,
  SPECIFICATION_VERSION,
  TokenRequestError,
  type VendorConfig,
} from '@dual-auth/core';
import {
  base64url,
  createRemoteJWKSet,
  customFetch,
  importJWK,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { isLocalIdpProfile } from '../idp/load-local-idp-profile.js';
import type { LocalIdp, StartLocalIdpOptions } from '../idp/local-idp.js';
import type { LocalIdpProfile } from '../idp/local-idp-profile.js';
import { expectArgumentAfterOptionsRefused } from './arguments-after-options.js';
import {
  type ConformanceContext,
  type CreateConformanceAdapter,
  conformanceContext,
  rejection,
  textForms,
  waitFor,
} from './conformance-context.js';
import { issuedTokenConformance } from './issued-token-conformance.js';

/** Options of {@link runIamAdapterConformance}. */
export interface IamAdapterConformanceOptions<C extends VendorConfig> {
  /** The adapter plugin under test: `getConfig` reads the local IdP's variables through it. */
  readonly plugin: AdapterPlugin<C>;
  /** The vendor's local IdP profile (the adapter package's `/testing` export). */
  readonly profile: LocalIdpProfile;
  /**
   * Builds the adapter under test. Default: the plugin's `createAdapter`. It gets a config read by
   * `getConfig` from the local IdP's environment variables and options with the IdP's `fetch`,
   * `retry` and sometimes `clock`, `sleep`, `allowInsecureLoopback`.
   */
  readonly createAdapter?: CreateConformanceAdapter<C>;
  /** More options of the local IdP (`audience`, `vendorOptions`, …). */
  readonly idp?: Omit<StartLocalIdpOptions, 'vendor'>;
  /** The `audience` the adapter reports. Default: the API's, `idp.audience`. */
  readonly audience?: (idp: LocalIdp) => string | undefined;
}

const WRONG_SECRET = 'conformance-wrong-secret-0123456789abcdef01';

const jwtPart = (json: Record<string, unknown>) => base64url.encode(JSON.stringify(json));

/**
 * Registers the tests every `IamAdapter` must pass (vitest), against the vendor's local IdP:
 * the contract fields; a token carrying the agent and `act` verified against the IdP's JWKS; a
 * human's subject token (an unsigned, long-expired one) neither sent nor refused (the `legacy`
 * layout: act travels in the client assertion); a
 * wrong secret as a 401 `TokenRequestError` with the IdP's code and no retry; an HTML page as a
 * `TokenRequestError` naming the plugin's token URL variable, not the page; an `act` without
 * `sub`, another agent, an `http:` token URL and an argument after the options object
 * (`createAdapter(config, 'realm')`, `requestToken(request, 'x')`: core's `requireConfigObject`
 * and `BaseAdapter` refuse them) refused before any network call; abort signals;
 * retries with a fresh attempt; and no secret in the text forms of the adapter, tokens or errors.
 *
 * @example
 * ```ts
 * // keycloak-adapter.int.test.ts
 * import { runIamAdapterConformance } from '@dual-auth/testing/conformance';
 * import { createAdapter } from './index.js';
 *
 * runIamAdapterConformance({
 *   plugin: acmePlugin,
 *   profile: acmeLocalIdp, // from './testing/index.js'
 *   audience: (idp) => idp.issuer,
 * });
 * ```
 */
export function runIamAdapterConformance<C extends VendorConfig>(
  options: IamAdapterConformanceOptions<C>,
): void {
  const { plugin, profile } = options ?? {};
  if (plugin?.kind !== 'adapter' || typeof plugin.createAdapter !== 'function') {
    throw new TypeError('runIamAdapterConformance: plugin must be an AdapterPlugin');
  }
  if (!isLocalIdpProfile(profile) || profile.vendor !== plugin.vendor) {
    throw new TypeError(
      `runIamAdapterConformance: profile must be the LocalIdpProfile of ${plugin.vendor}`,
    );
  }
  const createAdapter = options.createAdapter ?? plugin.createAdapter;
  if (typeof createAdapter !== 'function') {
    throw new TypeError('runIamAdapterConformance: createAdapter must be a function');
  }
  const { vendor } = plugin;
  const expectedAudience = options.audience ?? ((idp: LocalIdp) => idp.audience);
  const expectations = profile.conformance;

  describe(`IamAdapter conformance (${vendor})`, () => {
    const ctx = conformanceContext({ plugin, profile, createAdapter, idp: options.idp });

    it('declares the contract: specificationVersion, vendor, a stable secret-free id, audience, layout', () => {
      const adapter = ctx.adapter();
      expect(adapter.specificationVersion).toBe(SPECIFICATION_VERSION);
      expect(adapter.vendor).toBe(vendor);
      expect(adapter.id).toContain(ctx.config.clientId);
      expect(adapter.id).not.toContain(ctx.config.clientSecret);
      expect(ctx.adapter().id).toBe(adapter.id);
      expect(ctx.adapter({}, { clientSecret: WRONG_SECRET }).id).toBe(adapter.id);
      expect(ctx.adapter({}, { clientId: 'intern-agent' }).id).not.toBe(adapter.id);
      expect(adapter.audience).toBe(expectedAudience(ctx.idp));
      // Its client assertion carries act (the next test): the legacy layout, where the human's
      // subject token never reaches the IdP, so an in-session cut-off never trusts its iat.
      expect(adapter.layout, "declare layout: 'legacy' (AdapterInit.layout)").toBe('legacy');
    });

    it('gets a token carrying the agent and act, verified against the IdP JWKS', async () => {
      const { idp, config } = ctx;
      const adapter = ctx.adapter();
      const request = ctx.request();
      const before = idp.requests.length;
      const token = await adapter.requestToken(request);
      const jwks = createRemoteJWKSet(new URL(idp.jwksUrl), { [customFetch]: idp.fetch });
      const { payload } = await jwtVerify(token.accessToken, jwks, {
        issuer: idp.issuer,
        audience: idp.audience,
      });
      expect(payload).toMatchObject(expectations.tokenClaims(config.clientId));
      // `expires_in` counts from the minting, `iat` may be dated before it (Entra ID: 5 minutes).
      const mintedAt = (payload.iat ?? 0) + idp.iatBackdateSeconds;
      expect(token.expiresIn).toBe((payload.exp ?? 0) - mintedAt);
      expect(await carriedAct(ctx, token, payload, adapter.audience)).toEqual(request.act);
      expect(idp.requests.length).toBe(before + 1);
    });

    it('sends no subject token, so refuses none the IdP would (unsigned, long expired)', async () => {
      // The legacy layout: act travels in the client assertion; a human's token a session passes
      // along never reaches the IdP, so refuseUnusableSubjectToken (of the senders) is not run.
      const expired = `${jwtPart({ alg: 'none' })}.${jwtPart({ sub: 'u-1', exp: 1 })}.`;
      const before = ctx.idp.requests.length;
      const token = await ctx
        .adapter()
        .requestToken({ ...ctx.request(), subjectToken: createSubjectToken(expired) });
      expect(token.accessToken).not.toBe('');
      expect(ctx.idp.requests.length).toBe(before + 1);
      expect(ctx.idp.requests.at(-1)?.body).not.toContain(expired);
    });

    it('wrong secret → TokenRequestError 401 with the IdP error code, not retried', async () => {
      let sleeps = 0;
      const before = ctx.idp.requests.length;
      const adapter = ctx.adapter(
        { retry: { limit: 3 }, sleep: async () => void sleeps++ },
        { clientSecret: WRONG_SECRET },
      );
      const error = await rejection(adapter.requestToken(ctx.request()));
      expect(TokenRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        status: 401,
        error: 'invalid_client',
        vendor,
        retryable: false,
      });
      expect((error as Error).message).toMatch(/^Token request failed \(HTTP 401\): /);
      expect(ctx.idp.requests.length).toBe(before + 1);
      expect(sleeps).toBe(0);
    });

    if (expectations.clientAssertion) {
      it('signs client assertions that the IdP refuses once expired', async () => {
        const clock = { now: () => Date.now() - 3_600_000 };
        const error = await rejection(ctx.adapter({ clock }).requestToken(ctx.request()));
        expect(TokenRequestError.isInstance(error)).toBe(true);
        expect(error).toMatchObject({ status: 401, error: 'invalid_client', vendor });
      });
    }

    it('refuses an act without sub with a TypeError, before any network call', async () => {
      const before = ctx.idp.requests.length;
      const cases: [unknown, string][] = [
        [{}, 'Act claim cannot be empty'],
        [{ sub: '' }, "Act claim 'sub' field cannot be empty"],
        [{ email: 'a@x.com' }, "Act claim must contain 'sub' field"],
        [{ oid: 'x' }, "Act claim must contain 'sub' field"],
      ];
      for (const [act, message] of cases) {
        const request = { ...ctx.request(), act: act as Act };
        const error = await rejection(ctx.adapter().requestToken(request));
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toBe(message);
      }
      expect(ctx.idp.requests.length).toBe(before);
    });

    it("refuses another agent than the adapter's client, before any network call", async () => {
      const before = ctx.idp.requests.length;
      const request = { ...ctx.request(), agentId: 'intern-agent' };
      const error = await rejection(ctx.adapter().requestToken(request));
      expect(ConfigurationError.isInstance(error)).toBe(true);
      expect(ctx.idp.requests.length).toBe(before);
    });

    it('refuses an http:// token URL unless loopback is opted in', () => {
      const url = new URL(ctx.config.tokenUrl);
      url.protocol = 'http:';
      const http = { tokenUrl: url.href };
      expect(() => ctx.adapter({}, http)).toThrow(ConfigurationError);
      expect(ctx.adapter({ allowInsecureLoopback: true }, http).id).toContain(url.href);
      url.hostname = 'idp.example';
      const remote = () => ctx.adapter({ allowInsecureLoopback: true }, { tokenUrl: url.href });
      expect(remote).toThrow(ConfigurationError);
      expect(remote).toThrow('tokenUrl must use HTTPS');
    });

    it('refuses positional arguments with a TypeError showing the config object form', () => {
      const { tokenUrl, clientId, clientSecret } = ctx.config;
      // What users of the Python library guess: `new KeycloakAdapter(url, realm, clientId)`.
      const positional = createAdapter as unknown as (...args: unknown[]) => unknown;
      for (const args of [[tokenUrl, clientId, clientSecret], [clientSecret], [], [null]]) {
        const error = thrown(() => positional(...args));
        expect(error).toBeInstanceOf(TypeError);
        expect((error as Error).message).toMatch(/positional arguments.*\(\{ .*tokenUrl/);
        expect((error as Error).message).not.toContain(clientSecret);
      }
    });

    it('refuses an argument after the options object, as core does, before any network call', async () => {
      const { clientSecret } = ctx.config;
      const before = ctx.idp.requests.length;
      const factory = createAdapter as unknown as (...args: unknown[]) => unknown;
      // Python's KeycloakAdapter(config, realm) and request_token(request, scope).
      await expectArgumentAfterOptionsRefused(
        "createAdapter(config, 'realm')",
        2,
        () => factory(ctx.config, 'realm'),
        [clientSecret],
      );
      const adapter = ctx.adapter();
      const requestToken = adapter.requestToken as (...args: unknown[]) => unknown;
      await expectArgumentAfterOptionsRefused(
        "requestToken(request, 'finance.read')",
        2,
        () => requestToken.call(adapter, ctx.request(), 'finance.read'),
        [clientSecret],
      );
      expect(ctx.idp.requests.length).toBe(before);
    });

    it('refuses options of the wrong type and a missing secret', () => {
      expect(() => ctx.adapter({ fetch: 'x' as never })).toThrow(TypeError);
      expect(() => ctx.adapter({ logger: 'x' as never })).toThrow(TypeError);
      expect(() => ctx.adapter({}, { clientSecret: '' })).toThrow(
        'clientSecret is required (AGENT_CLIENT_SECRET)',
      );
    });

    it('honours an abort signal: nothing sent when aborted, a request in flight stopped', async () => {
      const before = ctx.idp.requests.length;
      const early = new Error('aborted before sending');
      const aborted = { ...ctx.request(), signal: AbortSignal.abort(early) };
      expect(await rejection(ctx.adapter().requestToken(aborted))).toBe(early);
      expect(ctx.idp.requests.length).toBe(before);

      ctx.idp.failNext({ delayMs: 60_000 });
      const controller = new AbortController();
      const reason = new Error('the caller gave up');
      const adapter = ctx.adapter({ retry: { limit: 3 } });
      const pending = rejection(
        adapter.requestToken({ ...ctx.request(), signal: controller.signal }),
      );
      await waitFor(() => ctx.idp.requests.length > before);
      controller.abort(reason);
      expect(await pending).toBe(reason);
      expect(ctx.idp.requests.length).toBe(before + 1);
    });

    it('says an HTML page is no token endpoint answer and names the token URL variable, never the body', async () => {
      const variable = plugin.settings.find((setting) => setting.field === 'tokenUrl')?.variable;
      ctx.idp.failNext({ status: 404, body: '<html><body>Not Found: the-page-text</body></html>' });
      const error = await rejection(ctx.adapter().requestToken(ctx.request()));
      expect(TokenRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 404, vendor });
      const { message } = error as TokenRequestError;
      expect(message).toMatch(
        /^Token request failed \(HTTP 404\): .*the token endpoint answered a body that is not JSON: check /,
      );
      expect(message).toContain(`check ${variable}`);
      expect(message).not.toContain('parse_error');
      expect(message).not.toContain('the-page-text');
    });

    it(`retries an injected 503 with a fresh attempt${expectations.clientAssertion ? ' and a new assertion jti' : ''}`, async () => {
      ctx.idp.failNext({ status: 503 });
      let sleeps = 0;
      const before = ctx.idp.requests.length;
      const adapter = ctx.adapter({ retry: { limit: 2 }, sleep: async () => void sleeps++ });
      const token = await adapter.requestToken(ctx.request());
      expect(token.accessToken).not.toBe('');
      const sent = ctx.idp.requests.slice(before);
      expect(sent.map((record) => record.status)).toEqual([503, 200]);
      expect(sleeps).toBe(1);
      const jtis = sent.map((record) => record.assertion?.claims.jti);
      if (expectations.clientAssertion) {
        expect(jtis.every((jti) => typeof jti === 'string')).toBe(true);
        expect(new Set(jtis).size).toBe(2);
      } else {
        expect(jtis).toEqual([undefined, undefined]);
      }
    });

    it('shows no secret in String, JSON or inspect of the adapter, its token or its errors', async () => {
      const adapter = ctx.adapter();
      const token = await adapter.requestToken(ctx.request());
      const sent = ctx.idp.requests.at(-1)?.fields ?? {};
      const wrongSecret = ctx.adapter({}, { clientSecret: WRONG_SECRET });
      const errors = [
        await rejection(wrongSecret.requestToken(ctx.request())),
        await rejection(adapter.requestToken({ ...ctx.request(), agentId: 'intern-agent' })),
        await rejection(adapter.requestToken({ ...ctx.request(), act: {} as Act })),
      ];
      const secrets = [
        ctx.config.clientSecret,
        WRONG_SECRET,
        'PRIVATE KEY',
        sent.client_assertion,
        token.accessToken,
        token.actAssertion,
      ].filter((value): value is string => typeof value === 'string' && value !== '');
      for (const value of [adapter, wrongSecret, token, ...errors]) {
        for (const text of textForms(value)) {
          for (const secret of secrets) expect(text).not.toContain(secret);
        }
      }
    });

    issuedTokenConformance(ctx, expectations);
  });
}

/** The act the token carries: in the access token, or in the app-signed act assertion. */
async function carriedAct<C extends VendorConfig>(
  ctx: ConformanceContext<C>,
  token: DualSubjectToken,
  payload: JWTPayload,
  audience: string | undefined,
): Promise<unknown> {
  if (token.actAssertion === undefined) return payload.act;
  expect(payload.act).toBeUndefined();
  // The act assertion is the app's word: signed with its key, issued by and about the app.
  const appId = String((ctx.config as { appId?: unknown }).appId);
  const key = await importJWK(ctx.idp.app.publicJwk, 'RS256');
  const assertion = await jwtVerify(token.actAssertion, key, {
    issuer: appId,
    subject: appId,
    ...(audience === undefined ? {} : { audience }),
  });
  return assertion.payload.act;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
