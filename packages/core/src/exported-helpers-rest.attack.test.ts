// The rest of the helpers core's entries export (after exported-helpers.attack.test.ts): each
// crashed on a missing or wrongly typed argument with "Cannot read properties of undefined",
// "Cannot destructure property", "x is not a function" or "Invalid time value" from inside; each
// is now a TypeError naming the argument and what to pass. An options object is read once: a
// Proxy whose traps throw is refused as an argument that could not be read, never its trap's
// own error.
import { describe, expect, it } from 'vitest';
import { itRefusesByName, type RefusalCase } from '../test/refuses-by-name.js';
import * as kit from './adapter-kit/index.js';
import * as core from './index.js';
import * as jwt from './jwt/index.js';
import * as node from './node/index.js';
import * as secretsKit from './secrets-kit/index.js';

const trap = () => {
  throw new Error('trap');
};
const hostile = new Proxy(
  {},
  { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap },
);
const unreadable = (name: string) => new RegExp(`^${name} could not be read`);
const clock = { now: () => 1_700_000_000_000 };

const cases: RefusalCase[] = [
  // core
  [
    'createAuditEvent()',
    () => core.createAuditEvent(undefined as never),
    /^init must be an object/,
  ],
  ['createAuditEvent(hostile)', () => core.createAuditEvent(hostile as never), unreadable('init')],
  [
    'emitAuditEvent(logger)',
    () => core.emitAuditEvent(core.noopLogger, undefined as never),
    /^audit must be an object/,
  ],
  [
    'emitAuditEvent(undefined, audit)',
    () => core.emitAuditEvent(undefined as never, {} as never),
    /^logger must be a Logger/,
  ],
  [
    'httpClientAttributes("GET", "https://x", 1)',
    () => core.httpClientAttributes('GET', 'https://x' as never, 1),
    /^url must be a URL/,
  ],
  ['envVariable()', () => core.envVariable(undefined as never, 'X'), /^env must be an object/],
  ['envVariable(env, 42)', () => core.envVariable({}, 42 as never), /^name must be a string/],
  [
    'adapterIdWithoutKey()',
    () => core.adapterIdWithoutKey(undefined as never),
    /^adapterId must be a string/,
  ],
  ['shownScopeOf()', () => core.shownScopeOf(undefined as never), /^token must be an object/],
  ['cutoffIdsOf()', () => core.cutoffIdsOf(undefined as never), /^act must be an object/],
  ['cutoffIdsOf(hostile)', () => core.cutoffIdsOf(hostile as never), unreadable('act')],
  [
    'endedDelegationPhrase()',
    () => core.endedDelegationPhrase(undefined as never, 0),
    /^verdict must be an object/,
  ],
  [
    'revocationAnswer("keycloak", undefined, config)',
    () =>
      core.revocationAnswer('keycloak', undefined, { tokenUrl: 'https://x' }, undefined as never),
    /^expiresAtMs must be a finite number/,
  ],
  // adapter-kit
  [
    'parseTokenResponse({})',
    () => kit.parseTokenResponse({} as never, undefined as never),
    /^options must be an object/,
  ],
  [
    'parseTokenResponse(undefined, options)',
    () =>
      kit.parseTokenResponse(
        undefined as never,
        {
          requestedScope: 'a',
          defaultExpiresInSeconds: 60,
        } as never,
      ),
    /^json must be an object/,
  ],
  [
    'parseTokenResponse({}, hostile)',
    () => kit.parseTokenResponse({} as never, hostile as never),
    unreadable('options'),
  ],
  [
    'clientAssertionClaims()',
    () => kit.clientAssertionClaims(undefined as never),
    /^options must be an object/,
  ],
  [
    'clientAssertionClaims(hostile)',
    () => kit.clientAssertionClaims(hostile as never),
    unreadable('options'),
  ],
  [
    'tokenErrorFromResponse()',
    () => kit.tokenErrorFromResponse(undefined as never),
    /^options must be an object/,
  ],
  [
    'tokenErrorFromResponse({ status: 400 })',
    () => kit.tokenErrorFromResponse({ status: 400 } as never),
    /^options\.body must be an object/,
  ],
  [
    'tokenUrlAdvice()',
    () => kit.tokenUrlAdvice(undefined as never, new URL('https://x'), undefined),
    /^answer must be an object/,
  ],
  [
    'tokenUrlAdvice(answer, "https://x")',
    () =>
      kit.tokenUrlAdvice(
        { status: 200, headers: new Headers(), body: '' } as never,
        'https://x' as never,
        undefined,
      ),
    /^tokenUrl must be a URL/,
  ],
  [
    'checkJwksCooldown()',
    () => kit.checkJwksCooldown(undefined as never),
    /^option must be an object/,
  ],
  [
    'checkKeyInput(key)',
    () => kit.checkKeyInput('pem', undefined as never),
    /^options must be an object/,
  ],
  [
    'checkKeyInput(key, {})',
    () => kit.checkKeyInput('pem', {} as never),
    /^checkKeyInput: options\.kind must be 'private' or 'public'/,
  ],
  [
    'checkKeyInput(key, {})',
    () => kit.checkKeyInput('pem', {} as never),
    /^checkKeyInput: options\.kind must be 'private' or 'public'/,
  ],
  [
    'checkKeyInput(key, hostile)',
    () => kit.checkKeyInput('pem', hostile as never),
    unreadable('options'),
  ],
  [
    'withConfigErrorLog(options, "event")',
    () => kit.withConfigErrorLog({}, 'event', undefined as never),
    /^check must be a function/,
  ],

  [
    'missingScopes({}, "a")',
    () => kit.missingScopes({} as never, 'a'),
    /^requested must be a string or an array of strings/,
  ],

  ['peopleOf()', () => kit.peopleOf(undefined as never), /^request must be an object/],
  ['randomJti(42)', () => kit.randomJti(42 as never), /^random must be a function/],
  [
    'backoffDelay()',
    () => kit.backoffDelay(undefined as never, 1, () => new Uint8Array(2)),
    /^policy must be an object/,
  ],
  [
    'backoffDelay(policy, 1, 42)',
    () => kit.backoffDelay({ baseDelayMs: 1, maxDelayMs: 2 }, 1, 42 as never),
    /^random must be a function/,
  ],
  [
    'refusePositionalArguments(arguments)',
    () => core.refusePositionalArguments([], undefined as never),
    /^usage must be an object/,
  ],
  [
    'a BaseAdapter subclass calling super(config, options) without init',
    () => {
      // A plugin's adapter whose constructor forgot the third argument (its AdapterInit).
      const Base = kit.BaseAdapter as unknown as new (...args: unknown[]) => object;
      class Partial extends Base {
        constructor() {
          super(
            { vendor: 'keycloak', tokenUrl: 'https://idp.test/token', clientId: 'c' },
            undefined,
          );
        }
      }
      return new Partial();
    },
    /^init must be an object/,
  ],
  // jwt, node, secrets-kit
  [
    'defaultSignatureVerifier()',
    () => jwt.defaultSignatureVerifier(undefined as never, 1),
    /^alg must be one of/,
  ],
  [
    'closestName("x")',
    () => node.closestName('x', undefined as never),
    /^candidates must be an array/,
  ],
  [
    'constructSdkClient(construct)',
    () => secretsKit.constructSdkClient(() => 1, undefined as never),
    /^failure must be an object/,
  ],
  [
    'constructSdkClient(undefined, failure)',
    () =>
      secretsKit.constructSdkClient(undefined as never, { backend: 'aws', client: 'c', hint: 'h' }),
    /^construct must be a function/,
  ],
  [
    'new SecretCache()',
    () => new secretsKit.SecretCache(undefined as never),
    /^options must be an object/,
  ],
  [
    'new SecretCache({})',
    () => new secretsKit.SecretCache({} as never),
    /^options\.clock must be a Clock/,
  ],
  [
    'new SecretCache(hostile)',
    () => new secretsKit.SecretCache(hostile as never),
    unreadable('options'),
  ],
];

const asyncCases: RefusalCase<Promise<unknown>>[] = [
  [
    'withSpan("name", {})',
    () => core.withSpan('name', {}, undefined as never),
    /^run must be a function/,
  ],
  [
    'withSpan(undefined, {}, run)',
    () => core.withSpan(undefined as never, {}, async () => 1),
    /^name must be a string/,
  ],
  [
    'withLeafSpan("name", {})',
    () => core.withLeafSpan('name', {}, undefined as never),
    /^run must be a function/,
  ],
  [
    'withHttpClientSpan(undefined, run, outcome)',
    () =>
      core.withHttpClientSpan(
        undefined as never,
        async () => 1,
        () => 200,
      ),
    /^attempt must be an object/,
  ],
  [
    'withHttpClientSpan(attempt)',
    () =>
      core.withHttpClientSpan(
        { method: 'GET', url: new URL('https://x'), attempt: 1, clock },
        undefined as never,
        () => 200,
      ),
    /^run must be a function/,
  ],
  [
    'latestCutoffOf(store)',
    () => core.latestCutoffOf({ cutoffOf: async () => undefined } as never, undefined as never),
    /^ids must be an array of strings/,
  ],
  [
    'latestCutoffOf(undefined, ids)',
    () => core.latestCutoffOf(undefined as never, ['u-1']),
    /^store must be a DelegationCutoffStore/,
  ],
  [
    'delegationCutoffVerdict()',
    () => core.delegationCutoffVerdict(undefined as never),
    /^check must be an object/,
  ],
  [
    'delegationCutoffVerdict(hostile)',
    () => core.delegationCutoffVerdict(hostile as never),
    unreadable('check'),
  ],
  [
    'signClientAssertion(claims)',
    () => kit.signClientAssertion({} as never, undefined as never),
    /^options must be an object/,
  ],
  [
    'signClientAssertion(undefined, options)',
    () => kit.signClientAssertion(undefined as never, { secret: 's' } as never),
    /^claims must be an object/,
  ],
  [
    'signClientAssertion(claims, hostile)',
    () => kit.signClientAssertion({} as never, hostile as never),
    unreadable('options'),
  ],
  [
    'createClientAssertion()',
    () => kit.createClientAssertion(undefined as never),
    /^options must be an object/,
  ],
];

describe("core's other exported helpers refuse bad arguments by name", () => {
  itRefusesByName(cases, asyncCases);

  it('still answers good arguments', async () => {
    expect(core.envVariable({ X: 'v' }, 'X')).toBe('v');
    expect(core.cutoffIdsOf({ sub: 'u-1', oid: 'o-1' })).toEqual(['u-1', 'o-1']);
    expect(core.adapterIdWithoutKey('keycloak:a')).toBe('keycloak:a');
    expect(core.httpClientAttributes('GET', new URL('https://x/p'), 1)).toMatchObject({
      'server.port': 443,
    });
    const event = core.createAuditEvent({
      source: 'session',
      decision: 'ALLOW',
      reason: 'ok',
      clock,
    });
    expect(event).toMatchObject({ source: 'session', decision: 'ALLOW' });
    await expect(core.withSpan('s', {}, async () => 7)).resolves.toBe(7);
    await expect(core.withLeafSpan('s', {}, () => 8)).resolves.toBe(8);
    await expect(core.latestCutoffOf({ cutoffOf: async () => 5 } as never, ['u-1'])).resolves.toBe(
      5,
    );
    expect(node.closestName('colr', ['color', 'size'])).toBe('color');
    expect(() => new secretsKit.SecretCache({ clock })).not.toThrow();
  });
});
