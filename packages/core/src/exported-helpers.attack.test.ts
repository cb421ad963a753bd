// The helpers core's entries export for plugins (adapters, secrets backends, stores, verifiers) are
// reachable by anyone: a missing or wrongly typed argument is a TypeError naming it and what to
// pass, never "Cannot read properties of undefined" from inside, never a check that passes (a
// validity window given no clock reading, an API check given no audience), never a timer that
// throws later and ends the process.
import { describe, expect, it } from 'vitest';
import { itRefusesByName, type RefusalCase } from '../test/refuses-by-name.js';
import * as kit from './adapter-kit/index.js';
import * as core from './index.js';
import * as jwt from './jwt/index.js';
import * as secretsKit from './secrets-kit/index.js';

const NOW_S = 1_700_000_000;
// Expired an hour ago: any window check that runs must refuse it.
const expired = { exp: NOW_S - 3600, aud: 'api', iss: 'idp' };
// A Proxy whose every trap throws: a helper may fail on it, but never pass it.
const hostile = new Proxy(
  {},
  {
    get() {
      throw new Error('trap');
    },
    has() {
      throw new Error('trap');
    },
    ownKeys() {
      throw new Error('trap');
    },
    getOwnPropertyDescriptor() {
      throw new Error('trap');
    },
    getPrototypeOf() {
      throw new Error('trap');
    },
  },
);
const segment = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
// A legacy-layout access token of another API (aud), for the right agent and human.
const otherApiToken = `${segment({ alg: 'none' })}.${segment({ aud: 'other-api', azp: 'agent', act: { sub: 'u-1' } })}.`;
const profile = { clientIdClaims: ['azp'], legacyHuman: 'act-claim' } as never;

const cases: RefusalCase[] = [
  // jwt: the checks must not pass on a wrong argument.
  [
    'checkJwtWindow(claims, label) without now',
    () => jwt.checkJwtWindow(expired, 'Token', undefined as never, 0),
    /^nowSeconds must be a finite number/,
  ],
  [
    'checkJwtWindow(claims, label, NaN)',
    () => jwt.checkJwtWindow(expired, 'Token', Number.NaN, 0),
    /^nowSeconds must be a finite number/,
  ],
  [
    'checkJwtWindow(claims, label, now, "5")',
    () => jwt.checkJwtWindow(expired, 'Token', NOW_S, '5' as never),
    /^leewaySeconds must be a finite number/,
  ],
  [
    'checkJwtWindow(42, …)',
    () => jwt.checkJwtWindow(42 as never, 'Token', NOW_S, 0),
    /^claims must be an object/,
  ],
  [
    'checkJwtWindow(undefined, …)',
    () => jwt.checkJwtWindow(undefined as never, 'Token', NOW_S, 0),
    /^claims must be an object/,
  ],
  [
    'checkJwtWindow(claims, 42, …)',
    () => jwt.checkJwtWindow(expired, 42 as never, NOW_S, 0),
    /^label must be a string/,
  ],
  [
    'checkJwtClaims(undefined, rules)',
    () =>
      jwt.checkJwtClaims(undefined as never, {
        label: 'T',
        audience: 'api',
        nowMs: NOW_S * 1000,
        clockToleranceSeconds: 0,
      }),
    /^claims must be an object/,
  ],
  [
    'checkJwtClaims(claims, 42)',
    () => jwt.checkJwtClaims(expired, 42 as never),
    /^rules must be an object/,
  ],
  [
    'checkJwtClaims(claims)',
    () => jwt.checkJwtClaims(expired, undefined as never),
    /^rules must be an object/,
  ],
  ['jwtHeaderOf()', () => jwt.jwtHeaderOf(undefined as never), /^token must be a string/],
  ['jwtHeaderOf(42)', () => jwt.jwtHeaderOf(42 as never), /^token must be a string/],
  [
    'namespacedReplayKey("ns", 42, "jti")',
    () => jwt.namespacedReplayKey('ns', 42 as never, 'jti'),
    /^issuer must be a string/,
  ],
  [
    'namespacedReplayKey("ns", ["a"], "jti")',
    () => jwt.namespacedReplayKey('ns', ['a'] as never, 'jti'),
    /^issuer must be a string/,
  ],
  [
    'namespacedReplayKey(undefined, …)',
    () => jwt.namespacedReplayKey(undefined as never, 'iss', 'jti'),
    /^namespace must be a string/,
  ],
  [
    'namespacedReplayKey("ns", "iss")',
    () => jwt.namespacedReplayKey('ns', 'iss', undefined as never),
    /^jti must be a string/,
  ],
  [
    'isCanonicalBase64url()',
    () => jwt.isCanonicalBase64url(undefined as never),
    /^segment must be a string/,
  ],
  [
    'decodeCanonicalBase64url(42)',
    () => jwt.decodeCanonicalBase64url(42 as never),
    /^segment must be a string/,
  ],
  [
    'encodeBase64url()',
    () => jwt.encodeBase64url(undefined as never),
    /^input must be a string or a Uint8Array/,
  ],
  [
    'encodeBase64url(42)',
    () => jwt.encodeBase64url(42 as never),
    /^input must be a string or a Uint8Array/,
  ],
  [
    'keyFitsAlgorithm(key, "none")',
    () => jwt.keyFitsAlgorithm({} as CryptoKey, 'none' as never),
    /^alg must be one of/,
  ],
  ['clientIdOf()', () => jwt.clientIdOf(undefined as never, {}), /^profile must be a TokenProfile/],
  [
    'clientIdOf(profile)',
    () => jwt.clientIdOf(profile, undefined as never),
    /^claims must be an object/,
  ],
  [
    'parseCompactJws("a.b.c")',
    () => jwt.parseCompactJws('a.b.c', undefined as never),
    /^options must be an object/,
  ],
  // adapter-kit: the issued-token checks must not pass on a wrong argument.
  ['apiTokenCheck()', () => kit.apiTokenCheck(undefined as never), /^expected must be an object/],
  [
    'apiTokenCheck({ no audience })',
    () => kit.apiTokenCheck({ vendor: 'auth0', actSetting: 's', audienceCheck: 'c' } as never),
    /^expected\.audience must be a non-empty string/,
  ],
  [
    'apiTokenCheck({ audience: "" })',
    () => kit.apiTokenCheck({ vendor: 'auth0', actSetting: 's', audience: '', audienceCheck: 'c' }),
    /^expected\.audience must be a non-empty string/,
  ],
  [
    'refuseOtherApi(claims, "api", …)',
    () => kit.refuseOtherApi({ aud: 'other' }, 'api' as never, 'is not API_AUDIENCE', 'c', 'auth0'),
    /^audiences must be an array/,
  ],
  [
    'refuseOtherApi(undefined, …)',
    () => kit.refuseOtherApi(undefined as never, ['api'], 'w', 'c', 'auth0'),
    /^claims must be an object/,
  ],
  [
    'checkIssuedToken(42, expected)',
    () =>
      kit.checkIssuedToken(42 as never, {
        profile,
        agentId: 'agent',
        human: 'u-1',
        vendor: 'auth0',
      }),
    /^accessToken must be a string/,
  ],
  [
    'checkIssuedToken(token)',
    () => kit.checkIssuedToken(otherApiToken, undefined as never),
    /^expected must be an object/,
  ],
  [
    'checkIssuedToken(token, { no profile })',
    () =>
      kit.checkIssuedToken(otherApiToken, {
        agentId: 'agent',
        human: 'u-1',
        vendor: 'auth0',
      } as never),
    /^expected\.profile must be a TokenProfile/,
  ],
  ['jwtPayloadOf()', () => kit.jwtPayloadOf(undefined as never), /^token must be a string/],
  // adapter-kit: the redaction helpers.
  [
    'scrubCredentials(text)',
    () => kit.scrubCredentials('text', undefined as never),
    /^credentials must be an array of strings/,
  ],
  [
    'scrubCredentials(text, "secret")',
    () => kit.scrubCredentials('text', 'a-long-secret' as never),
    /^credentials must be an array of strings/,
  ],
  [
    'scrubCredentials(42, [])',
    () => kit.scrubCredentials(42 as never, []),
    /^text must be a string/,
  ],
  [
    'credentialScrubber()',
    () => kit.credentialScrubber(undefined as never),
    /^credentials must be an array of strings/,
  ],
  [
    'safeRemoteText(text, "secret")',
    () => kit.safeRemoteText('text', 'a-long-secret' as never),
    /^credentials must be an array of strings/,
  ],
  // adapter-kit: the rest.
  ['isLoopbackHost()', () => kit.isLoopbackHost(undefined as never), /^hostname must be a string/],
  ['isHumanIdClaimName(42)', () => kit.isHumanIdClaimName(42 as never), /^claim must be a string/],
  [
    'encodeForm()',
    () => kit.encodeForm(undefined as never),
    /^fields must be an array of \[name, value\] string pairs/,
  ],
  [
    'encodeForm(["a=b"])',
    () => kit.encodeForm(['a=b'] as never),
    /^fields must be an array of \[name, value\] string pairs/,
  ],
  ['retryAfterMs(42, now)', () => kit.retryAfterMs(42 as never, 0), /^value must be a string/],
  [
    'requestedWaitMs()',
    () => kit.requestedWaitMs(undefined as never, 0),
    /^headers must be a Headers/,
  ],
  ['asciiJson()', () => kit.asciiJson(undefined), /^value must be JSON-serializable/],
  [
    'peopleBesideScopes()',
    () => kit.peopleBesideScopes(undefined as never, []),
    /^people must be an array of strings/,
  ],
  // adapter-kit: reading token answers.
  [
    'dpopAnswerProblem(json, {})',
    () => kit.dpopAnswerProblem({ token_type: 'DPoP' }, {} as never),
    /^dpop\.jkt must be a non-empty string/,
  ],
  [
    'dpopAnswerProblem()',
    () => kit.dpopAnswerProblem(undefined as never, { jkt: 'x' }),
    /^json must be an object/,
  ],
  [
    'tokenAnswerProblem()',
    () => kit.tokenAnswerProblem(undefined as never),
    /^json must be an object/,
  ],
  // Review (session 37): a nowMs that is no time answered "past its exp: check this host's clock"
  // for every JWT (NaN, a string), sending its caller to NTP for its own bad argument.
  [
    'tokenAnswerProblem(json, { nowMs: "soon" })',
    () => kit.tokenAnswerProblem({ access_token: 'a.b.c' }, { nowMs: 'soon' as never }),
    /^rules\.nowMs must be a finite number >= 0/,
  ],
  [
    'tokenAnswerProblem(json, { nowMs: NaN })',
    () => kit.tokenAnswerProblem({ access_token: 'a.b.c' }, { nowMs: Number.NaN }),
    /^rules\.nowMs must be a finite number >= 0/,
  ],
  ['readOAuthError()', () => kit.readOAuthError(undefined as never), /^body must be an object/],
  [
    'tokenErrorMessage()',
    () => kit.tokenErrorMessage(undefined as never, 400, {} as never),
    /^messages must be an object/,
  ],
  ['hostAndPort("https://x")', () => kit.hostAndPort('https://x' as never), /^url must be a URL/],
  ['dpopAlgorithmOf()', () => kit.dpopAlgorithmOf(undefined as never), /^key must be a CryptoKey/],
  [
    'describeNetworkFailure(error)',
    () => kit.describeNetworkFailure(new Error('x'), undefined as never),
    /^endpoint must be an object/,
  ],
  // secrets-kit: for secrets backends.
  [
    'deriveLoadTimeoutMs(42)',
    () => secretsKit.deriveLoadTimeoutMs(42 as never),
    /^parts must be an object/,
  ],
  [
    'deriveLoadTimeoutMs({})',
    () => secretsKit.deriveLoadTimeoutMs({} as never),
    /^parts\.requests must be a positive integer/,
  ],
  [
    'kebabSecretName()',
    () => secretsKit.kebabSecretName(undefined as never, 'dual-auth-'),
    /^key must be a string/,
  ],
  [
    'parseJsonSecret("{}")',
    () => secretsKit.parseJsonSecret('{}', undefined as never),
    /^source must be an object/,
  ],
  [
    'secretValue()',
    () => secretsKit.secretValue(undefined as never, true, () => new Error('x')),
    /^lookup must be an object/,
  ],
  [
    'stringSetting()',
    () => secretsKit.stringSetting(undefined as never, 'region', {}, 'REGION'),
    /^options must be an object/,
  ],
  [
    'settingSource()',
    () => secretsKit.settingSource(undefined as never, 'region', 'REGION'),
    /^options must be an object/,
  ],
  // core: the redaction helpers of logs.
  [
    'withoutPersonalText()',
    () => core.withoutPersonalText(undefined as never),
    /^text must be a string/,
  ],
  [
    'withoutPersonalText(text, "a@b.c")',
    () => core.withoutPersonalText('text', 'a@b.c' as never),
    /^people must be an array of strings/,
  ],
  ['routeForLogging()', () => core.routeForLogging(undefined as never), /^path must be a string/],
  [
    'routeTemplateForLogging(42)',
    () => core.routeTemplateForLogging(42 as never),
    /^template must be a string/,
  ],
  [
    'urlRouteForLogging("https://x")',
    () => core.urlRouteForLogging('https://x' as never),
    /^url must be a URL/,
  ],
  [
    'redactQuotedCredentials()',
    () => secretsKit.redactQuotedCredentials(undefined as never),
    /^text must be a string/,
  ],
  ['actForLogging()', () => core.actForLogging(undefined as never), /^act must be an object/],
];

const asyncCases: RefusalCase<Promise<unknown>>[] = [
  ['signJwt()', () => kit.signJwt(undefined as never), /^options must be an object/],
  [
    'readJsonBody()',
    () => kit.readJsonBody(undefined as never, 1024),
    /^response must be the fetch Response/,
  ],
  [
    'readJsonBody(response)',
    () => kit.readJsonBody(new Response('{}'), undefined as never),
    /^maxBytes must be a finite number/,
  ],
  [
    'readBoundedBody(42, 1024)',
    () => kit.readBoundedBody(42 as never, 1024),
    /^response must be the fetch Response/,
  ],
  ['timerSleep(1, 42)', () => kit.timerSleep(1, 42 as never), /^signal must be an AbortSignal/],
  ['timerSleep("1")', () => kit.timerSleep('1' as never), /^ms must be a finite number >= 0/],
  [
    'raceAbort(promise, 42)',
    () => kit.raceAbort(Promise.resolve(1), 42 as never),
    /^signal must be an AbortSignal/,
  ],
  [
    'verifyParsedJwt(undefined, options)',
    () => jwt.verifyParsedJwt(undefined as never, {} as never),
    /^jws must be a ParsedCompactJws/,
  ],
];

describe("core's exported helpers refuse bad arguments by name", () => {
  itRefusesByName(cases, asyncCases);

  it('a check given a Proxy whose traps throw never passes', () => {
    const window = () => jwt.checkJwtWindow(hostile as never, 'Token', NOW_S, 0);
    const claims = () =>
      jwt.checkJwtClaims(hostile as never, {
        label: 'T',
        audience: 'api',
        nowMs: NOW_S * 1000,
        clockToleranceSeconds: 0,
      });
    const other = () => kit.refuseOtherApi(hostile as never, ['api'], 'w', 'c', 'auth0');
    const issued = () => kit.checkIssuedToken(otherApiToken, hostile as never);
    for (const call of [window, claims, other, issued]) expect(call).toThrow();
  });

  it('dpopNonceIn, which only core used, is no longer exported', () => {
    expect(Object.keys(kit)).not.toContain('dpopNonceIn');
  });

  it('still answers good arguments', async () => {
    expect(() => jwt.checkJwtWindow(expired, 'Token', NOW_S, 0)).toThrow(/has expired/);
    expect(() => jwt.checkJwtWindow({ exp: NOW_S + 60 }, 'Token', NOW_S, 0)).not.toThrow();
    expect(jwt.namespacedReplayKey('ns', 'iss', 'jti')).toBe('ns:iss:jti');
    expect(jwt.encodeBase64url('hi')).toBe('aGk');
    expect(jwt.jwtHeaderOf(otherApiToken)).toEqual({ alg: 'none' });
    const check = kit.apiTokenCheck({
      vendor: 'auth0',
      actSetting: 's',
      audience: 'api',
      audienceCheck: 'c',
    });
    const request = { agentId: 'agent', act: { sub: 'u-1' } } as never;
    expect(() =>
      check({ accessToken: otherApiToken } as never, request, { profile } as never),
    ).toThrow(/for another API/);
    expect(kit.scrubCredentials('key a-long-secret here', ['a-long-secret'])).not.toContain(
      'a-long-secret',
    );
    expect(core.routeForLogging('/items')).toBe('/items');
    expect(kit.encodeForm([['a', 'b c']])).toBe('a=b+c');
    await expect(kit.timerSleep(0)).resolves.toBeUndefined();
    await expect(kit.raceAbort(Promise.resolve(1), undefined)).resolves.toBe(1);
  });
});
