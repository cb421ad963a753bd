import type { TokenProvider } from '@dual-auth/core';
import { actorIn, agentIn, humanIn } from '@dual-auth/resource';
import { describe, expect, it } from 'vitest';
import { offlineGuard } from '../test/support/offline-guard.js';
import { dualAuthFetch } from './client/dual-auth-fetch.js';
import { protectedResourceMetadataRouter } from './express/protected-resource-metadata.js';
import { requireDualAuth } from './express/require-dual-auth.js';
import { dualAuthMcpHandler } from './fetch/dual-auth-mcp-handler.js';
import { protectedResourceMetadataHandler } from './fetch/protected-resource-metadata-handler.js';
import { withToolRule } from './tool-rule.js';

const TAIL =
  'pass only the options it takes, and install every @dual-auth package from one release line';

describe('mcp refuses options it does not know', () => {
  it('dualAuthFetch refuses a misspelled option, naming the one meant', () => {
    const tokenProvider = {} as TokenProvider;
    expect(() =>
      dualAuthFetch({
        tokenProvider,
        origin: 'https://mcp.example.com',
        extraTokenAudience: ['https://other.example.com'],
      } as never),
    ).toThrow(
      new TypeError(
        `dualAuthFetch: extraTokenAudience is not an option (did you mean extraTokenAudiences?); ${TAIL}`,
      ),
    );
  });

  it('requireDualAuth and dualAuthMcpHandler refuse a misspelled option', () => {
    const resourceServerUrl = new URL('https://mcp.example.com/mcp');
    const guard = offlineGuard(resourceServerUrl);
    const options = { guard, resourceServerUrl, tokenAudiense: resourceServerUrl.href };
    expect(() => requireDualAuth(options as never)).toThrow(
      `requireDualAuth: tokenAudiense is not an option (did you mean tokenAudience?); ${TAIL}`,
    );
    expect(() => dualAuthMcpHandler(options as never, () => new Response(''))).toThrow(
      `dualAuthMcpHandler: tokenAudiense is not an option (did you mean tokenAudience?); ${TAIL}`,
    );
  });

  // Attack (Session 12, breaker12): a misspelled hopAllowed was dropped without a word, so every
  // earlier actor of a delegation chain reached the tool unchecked.
  it('withToolRule refuses a misspelled hopAllowed, naming the one meant', () => {
    const rule = {
      tool: 'pay',
      agentAllowed: agentIn(['finance-agent']),
      humanAllowed: humanIn(['00u-alice']),
      hopAlowed: actorIn(['finance-agent']),
    };
    expect(() => withToolRule(rule as never, async () => ({ content: [] }))).toThrow(
      new TypeError(`withToolRule: hopAlowed is not an option (did you mean hopAllowed?); ${TAIL}`),
    );
  });

  it('the protected-resource metadata refuses a misspelled option (scopes not advertised)', () => {
    const options = {
      resourceServerUrl: new URL('https://mcp.example.com/mcp'),
      issuer: 'https://idp.example/oauth2/default',
      scopeSupported: ['finance.read'],
    };
    expect(() => protectedResourceMetadataHandler(options as never)).toThrow(
      `protectedResourceMetadataHandler: scopeSupported is not an option (did you mean scopesSupported?); ${TAIL}`,
    );
    expect(() => protectedResourceMetadataRouter(options as never)).toThrow(
      `protectedResourceMetadataRouter: scopeSupported is not an option (did you mean scopesSupported?); ${TAIL}`,
    );
  });
});
