import { TokenRequestError, type VendorConfig } from '@dual-auth/core';
import { expect, it } from 'vitest';
import type { ConformanceExpectations } from '../idp/local-idp-profile.js';
import { createRecordingLogger } from '../recording-logger.js';
import { type ConformanceContext, rejection, textForms } from './conformance-context.js';

type Claims = Record<string, unknown>;
type Rewrite = (claims: Claims, context: { clientId: string; otherHuman: string }) => Claims;

const OTHER_AGENT = 'conformance-other-agent';

const base64url = (text: string): string => Buffer.from(text).toString('base64url');
const decoded = (segment: string): Claims =>
  JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Claims;

/**
 * The local IdP's answers with the access token's claims rewritten (the header and signature
 * kept, so the token no longer verifies): an IdP misconfigured to issue for someone else. Only
 * this rewrite is mocked; the request still goes to the real local IdP.
 */
function rewritingFetch(
  fetch: typeof globalThis.fetch,
  tokenUrl: string,
  rewrite: (claims: Claims) => Claims,
): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (String(input instanceof Request ? input.url : input) !== tokenUrl || !response.ok) {
      return response;
    }
    const json = (await response.json()) as Claims;
    const [header, payload, signature] = String(json.access_token).split('.');
    const claims = rewrite(decoded(payload ?? ''));
    const accessToken = `${header}.${base64url(JSON.stringify(claims))}.${signature}`;
    return Response.json({ ...json, access_token: accessToken }, { status: response.status });
  };
}

/** Every top-level claim naming the agent's client (`azp`, `cid`, `client_id`, `appid`, `<id>@clients`) names another. */
const anotherClient: Rewrite = (claims, { clientId }) =>
  Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      value === clientId
        ? OTHER_AGENT
        : value === `${clientId}@clients`
          ? `${OTHER_AGENT}@clients`
          : value,
    ]),
  );

const anotherHuman: Rewrite = (claims, { otherHuman }) => ({
  ...claims,
  act: { ...(claims.act as Claims), sub: otherHuman },
});

const withoutAct: Rewrite = ({ act: _act, ...claims }) => claims;

/**
 * Registers the conformance tests of the token the IdP issues: a JWT naming another client, or
 * (where the token carries the human) another human or no `act`, is refused with a
 * `TokenRequestError` naming the subject at fault (`mismatch`), logged as
 * `token_subject_mismatch` with IAM identifiers only, and never returned. @internal
 */
export function issuedTokenConformance<C extends VendorConfig>(
  ctx: ConformanceContext<C>,
  expectations: ConformanceExpectations,
): void {
  const cases: [string, Rewrite, 'human' | 'agent'][] = [
    ['another client', anotherClient, 'agent'],
    ...(expectations.actAssertion
      ? []
      : ([
          ['another human in act.sub', anotherHuman, 'human'],
          ['no act', withoutAct, 'human'],
        ] as [string, Rewrite, 'human'][])),
  ];
  it.each(cases)(
    'refuses a token the IdP issued for %s, logging IAM ids only',
    async (_name, rewrite, mismatch) => {
      const { idp, config } = ctx;
      const request = ctx.request();
      const otherHuman =
        [...idp.humans.values()].find((human) => human.sub !== request.act.sub)?.sub ?? 'bob';
      const logger = createRecordingLogger();
      const fetch = rewritingFetch(idp.fetch, idp.tokenUrl, (claims) =>
        rewrite(claims, { clientId: config.clientId, otherHuman }),
      );
      const error = await rejection(ctx.adapter({ fetch, logger }).requestToken(request));
      expect(TokenRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ mismatch, vendor: config.vendor });
      expect((error as Error).message).toMatch(/; check .*the IdP/);
      expect(logger.records).toContainEqual(
        expect.objectContaining({
          event: 'token_subject_mismatch',
          fields: { vendor: config.vendor, agent_id: config.clientId, mismatch },
        }),
      );
      for (const text of [...textForms(error), JSON.stringify(logger.records)]) {
        expect(text).not.toContain(otherHuman);
        expect(text).not.toContain(OTHER_AGENT);
      }
    },
  );
}
