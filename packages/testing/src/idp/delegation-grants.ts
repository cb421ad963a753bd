import {
  createLocalJWKSet,
  decodeProtectedHeader,
  importJWK,
  type JWK,
  type JWTPayload,
  type JWTVerifyResult,
  jwtVerify,
  SignJWT,
} from 'jose';
import type Provider from 'oidc-provider';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { LocalIdpAgent, LocalIdpDirectory } from './directory.js';
import { type DpopBinding, dpopBindingOf } from './dpop-binding.js';
import {
  type DelegatedTokenInput,
  humanTokenClaims,
  type LocalIdpProfile,
  type LocalIdpSettings,
  rfc8693TokenClaims,
} from './local-idp-profile.js';

/** RFC 8693 §2.1 `grant_type` of token exchange. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** RFC 7523 §2.1 `grant_type` of a JWT authorization grant (ID-JAG redemption, on-behalf-of). */
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** The JWS `typ` of an Identity Assertion JWT Authorization Grant (draft-ietf-oauth-identity-assertion-authz-grant). */
export const ID_JAG_TYP = 'oauth-id-jag+jwt';

const TYPES = {
  accessToken: 'urn:ietf:params:oauth:token-type:access_token',
  idToken: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
  idJag: 'urn:ietf:params:oauth:token-type:id-jag',
} as const;
const SUBJECT_TYPES: readonly string[] = [TYPES.accessToken, TYPES.idToken, TYPES.jwt];
const ID_JAG_TTL_SECONDS = 300;

/** What {@link LocalIdp.issueSubjectToken} makes: the human's token, as the web app got it at login. */
export interface SubjectTokenOptions {
  /** The human's `sub` (or a guide name: `alice`, `bob`). */
  readonly human: string;
  /** The client the human logged in to (`azp`). Default `web-app`. */
  readonly clientId?: string;
  /** `aud`: whom the token is for. Default: the agent `finance-agent` (its exchange needs that). */
  readonly audience?: string | readonly string[];
  /** RFC 8693 §4.4 `may_act`: who may act for the human (`{ sub: <agent client id> }`). */
  readonly mayAct?: Readonly<Record<string, unknown>>;
  /** An `act` already in the token: a token an earlier exchange issued (a chain). */
  readonly act?: Readonly<Record<string, unknown>>;
  /** Lifetime; negative for a token that has already expired. Default 600. */
  readonly expiresInSeconds?: number;
  /**
   * When the human got the token (its `iat`), in seconds since the epoch: a login some time ago,
   * e.g. before a delegation cut-off, taken as is. Default: now, less the vendor's
   * `iatBackdateSeconds` (Entra ID's 300), with `exp` counted from now.
   */
  readonly issuedAtSeconds?: number;
  /** `id` for an ID token (`typ: JWT`, `aud` = the client). Default `access`. */
  readonly kind?: 'access' | 'id';
}

/** What the grants need from the local IdP. @internal */
export interface DelegationSetup {
  readonly profile: LocalIdpProfile;
  readonly settings: LocalIdpSettings;
  readonly directory: LocalIdpDirectory;
  readonly issuer: string;
  readonly signingJwk: JsonWebKey & { kid: string };
  /** The IdP's JWK Set as published now: a token of a withdrawn key is refused. */
  readonly publishedKeys: () => readonly (JsonWebKey & { kid: string })[];
  /** `finance.read` etc.: what the agent may be granted of the requested scopes. */
  readonly grantedScopes: (ctx: KoaContextWithOIDC, agent: LocalIdpAgent) => readonly string[];
}

type Claims = Readonly<Record<string, unknown>>;

function refuse(description: string): never {
  throw new errors.InvalidGrant(description);
}

/** The client a JWT was issued to, in any vendor's claim. */
function clientOf(claims: Claims): unknown {
  return claims.client_id ?? claims.azp ?? claims.cid ?? claims.appid ?? claims.sub;
}

// Stable per IdP, API and human; unlike any id the human's own tokens carry.
async function pairwiseSubjectOf(
  issuer: string,
  audience: string,
  subject: Claims,
): Promise<string> {
  const human = String(subject.oid ?? subject.sub);
  const input = new TextEncoder().encode(`${issuer}\n${audience}\n${human}`);
  return Buffer.from(await crypto.subtle.digest('SHA-256', input)).toString('base64url');
}

function audiences(claims: Claims): string[] {
  const { aud } = claims;
  return Array.isArray(aud) ? aud.map(String) : aud === undefined ? [] : [String(aud)];
}

/**
 * The local IdP's delegation grants, registered on its oidc-provider with `registerGrantType`:
 * token exchange (RFC 8693) issuing delegated access tokens or ID-JAGs, and jwt-bearer (RFC 7523)
 * redeeming an ID-JAG or doing an on-behalf-of exchange (`requested_token_use=on_behalf_of`). The
 * subject token must be this IdP's, unexpired, for the asking client (`aud`), and when it carries
 * `may_act` (RFC 8693 §4.4) name that client; an `actor_token` must be the asking client's own.
 * @internal
 */
export function createDelegationGrants(setup: DelegationSetup) {
  const { profile, settings, directory, issuer } = setup;
  const signing = importJWK(setup.signingJwk, 'RS256');
  const now = () => Math.floor(Date.now() / 1000);
  const iatBackdateSeconds = profile.iatBackdateSeconds?.(settings) ?? 0;

  const sign = async (claims: JWTPayload, typ = 'JWT') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: setup.signingJwk.kid, typ })
      .sign(await signing);

  const verify = async (token: unknown, what: string): Promise<JWTVerifyResult> => {
    if (typeof token !== 'string' || token === '') refuse(`${what} is missing`);
    try {
      const keys = createLocalJWKSet({ keys: setup.publishedKeys() as JWK[] });
      return await jwtVerify(token, keys, { issuer, clockTolerance: 5 });
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'invalid';
      return refuse(`${what} is not valid (${code})`);
    }
  };

  const agentOf = (ctx: KoaContextWithOIDC): LocalIdpAgent => {
    const agent = directory.agents.get(String(ctx.oidc.client?.clientId));
    if (agent === undefined) throw new errors.InvalidClient('client not found');
    return agent;
  };

  /** The human's token checked as the IdP guides describe: ours, live, for this client, may_act. */
  const verifySubject = async (token: unknown, agent: LocalIdpAgent): Promise<Claims> => {
    const { payload } = await verify(token, 'subject_token');
    if (!audiences(payload).includes(agent.clientId)) {
      refuse('subject_token is not for this client (aud)');
    }
    const mayAct = payload.may_act as Claims | undefined;
    if (mayAct !== undefined && (typeof mayAct !== 'object' || mayAct?.sub !== agent.clientId)) {
      refuse('subject_token may_act does not name this client');
    }
    return payload;
  };

  const verifyActor = async (ctx: KoaContextWithOIDC, agent: LocalIdpAgent): Promise<void> => {
    const { actor_token: token, actor_token_type: type } = ctx.oidc.params ?? {};
    if (token === undefined) return;
    if (type !== TYPES.accessToken && type !== TYPES.jwt) {
      throw new errors.InvalidRequest('actor_token_type must be an access token or a JWT');
    }
    const { payload } = await verify(token, 'actor_token');
    if (clientOf(payload) !== agent.clientId) refuse('actor_token is not the client’s own');
  };

  const delegated = async (
    ctx: KoaContextWithOIDC,
    agent: LocalIdpAgent,
    subject: Claims,
    act: Claims,
    dpop: DpopBinding | undefined,
    audience = settings.audience,
  ): Promise<{ token: string; scopes: readonly string[] }> => {
    const mintedAt = now();
    const iat = mintedAt - iatBackdateSeconds;
    const input: DelegatedTokenInput = {
      issuer,
      settings,
      agent,
      audience,
      subject,
      // Entra ID's `sub` is pairwise (no directory holds it): its `oid` finds the human.
      human: directory.findHuman(String(subject.sub)) ?? directory.findHuman(String(subject.oid)),
      act,
      pairwiseSubject: await pairwiseSubjectOf(issuer, audience, subject),
      grantedScopes: setup.grantedScopes(ctx, agent),
      iat,
      exp: mintedAt + profile.accessTokenTtlSeconds,
      jti: crypto.randomUUID(),
    };
    const claims = profile.delegatedTokenClaims?.(input) ?? rfc8693TokenClaims(input);
    // RFC 9449 §6.1: the key binding survives the vendor's shape, as for client credentials.
    const bound = dpop === undefined ? claims : { ...claims, cnf: { jkt: dpop.jkt } };
    await dpop?.spend();
    return { token: await sign(bound as JWTPayload), scopes: input.grantedScopes };
  };

  // RFC 8707 §2: a `resource` the token would not be for is `invalid_target`, never ignored.
  const refuseOtherResource = (ctx: KoaContextWithOIDC, audience: string) => {
    const { resource } = ctx.oidc.params ?? {};
    if (resource !== undefined && resource !== audience) {
      throw new errors.InvalidTarget('resource is not the API this token would be for');
    }
  };

  const answer = (ctx: KoaContextWithOIDC, body: Record<string, unknown>) => {
    ctx.body = body;
    ctx.status = 200;
    ctx.set('cache-control', 'no-store');
  };

  const actOf = (agent: LocalIdpAgent, subject: Claims): Claims => ({
    sub: agent.clientId,
    ...(typeof subject.act === 'object' && subject.act !== null ? { act: subject.act } : {}),
  });

  const tokenExchange = async (ctx: KoaContextWithOIDC) => {
    const agent = agentOf(ctx);
    const params = ctx.oidc.params ?? {};
    // The proof first, as oidc-provider's own grants do: a nonce challenge costs no token check.
    const dpop = await dpopBindingOf(ctx.oidc.provider, ctx);
    if (!SUBJECT_TYPES.includes(String(params.subject_token_type))) {
      throw new errors.InvalidRequest('subject_token_type is not supported');
    }
    const subject = await verifySubject(params.subject_token, agent);
    await verifyActor(ctx, agent);
    const requested = String(params.requested_token_type ?? TYPES.accessToken);
    if (requested === TYPES.idJag) {
      // An ID-JAG is a grant, not an access token: the token it is redeemed for is the one to bind.
      if (dpop !== undefined) {
        throw new errors.InvalidRequest(
          'an ID-JAG is not bound to a DPoP key: request it without a DPoP header, and send the proof when redeeming it (jwt-bearer)',
        );
      }
      if (params.audience !== issuer) throw new errors.InvalidTarget('unknown audience');
      // The ID-JAG names no actor: one made from a delegated token would drop its chain.
      if (subject.act !== undefined) {
        throw new errors.InvalidRequest(
          'subject_token carries an act claim (a delegated token): an ID-JAG names no earlier actor (RFC 8693 section 4.1), so exchange it by token exchange instead',
        );
      }
      const iat = now();
      const jag = await sign(
        {
          iss: issuer,
          sub: String(subject.sub),
          aud: issuer,
          client_id: agent.clientId,
          jti: crypto.randomUUID(),
          iat,
          exp: iat + ID_JAG_TTL_SECONDS,
          scope: setup.grantedScopes(ctx, agent).join(' '),
          ...(params.resource === undefined ? {} : { resource: params.resource }),
        },
        ID_JAG_TYP,
      );
      answer(ctx, {
        access_token: jag,
        issued_token_type: TYPES.idJag,
        token_type: 'N_A',
        expires_in: ID_JAG_TTL_SECONDS,
      });
      return;
    }
    if (requested !== TYPES.accessToken) {
      throw new errors.InvalidRequest('requested_token_type is not supported');
    }
    // The API, or another agent the token is handed to (the next hop of a chain).
    const audience = String(params.audience ?? settings.audience);
    if (audience !== settings.audience && !directory.agents.has(audience)) {
      throw new errors.InvalidTarget('unknown audience');
    }
    refuseOtherResource(ctx, audience);
    const act = actOf(agent, subject);
    const { token, scopes } = await delegated(ctx, agent, subject, act, dpop, audience);
    answer(ctx, {
      access_token: token,
      issued_token_type: TYPES.accessToken,
      token_type: dpop === undefined ? 'Bearer' : 'DPoP',
      expires_in: profile.accessTokenTtlSeconds,
      scope: scopes.join(' '),
    });
  };

  /** The vendor's success body; a bound token is `DPoP` whatever the vendor says (RFC 9449 §5). */
  const answerDelegated = (
    ctx: KoaContextWithOIDC,
    issued: { token: string; scopes: readonly string[] },
    dpop: DpopBinding | undefined,
  ) =>
    answer(ctx, {
      ...profile.successBody(issued.token, issued.scopes),
      expires_in: profile.accessTokenTtlSeconds,
      ...(dpop === undefined ? {} : { token_type: 'DPoP' }),
    });

  const jwtBearer = async (ctx: KoaContextWithOIDC) => {
    const agent = agentOf(ctx);
    const params = ctx.oidc.params ?? {};
    const dpop = await dpopBindingOf(ctx.oidc.provider, ctx);
    refuseOtherResource(ctx, settings.audience);
    if (params.requested_token_use === 'on_behalf_of') {
      const subject = await verifySubject(params.assertion, agent);
      const act = actOf(agent, subject);
      answerDelegated(ctx, await delegated(ctx, agent, subject, act, dpop), dpop);
      return;
    }
    let typ: unknown;
    try {
      typ = decodeProtectedHeader(String(params.assertion ?? '')).typ;
    } catch {
      refuse('assertion is not a JWT');
    }
    if (typ !== ID_JAG_TYP) refuse(`assertion is not an ID-JAG (typ ${ID_JAG_TYP})`);
    const { payload } = await verify(params.assertion, 'assertion');
    if (!audiences(payload).includes(issuer))
      refuse('the ID-JAG is for another authorization server');
    if (payload.client_id !== agent.clientId) refuse('the ID-JAG was issued to another client');
    // An ID-JAG asserts its user for one resource: never redeemed for another API's token.
    if (payload.resource !== undefined && payload.resource !== settings.audience) {
      refuse('the ID-JAG is for another resource');
    }
    const issued = await delegated(ctx, agent, payload, { sub: agent.clientId }, dpop);
    answerDelegated(ctx, issued, dpop);
  };

  return {
    /** Registers both grants; the clients' metadata must list them in `grant_types`. */
    register(provider: Provider): void {
      provider.registerGrantType(TOKEN_EXCHANGE_GRANT, tokenExchange, [
        'subject_token',
        'subject_token_type',
        'actor_token',
        'actor_token_type',
        'requested_token_type',
        'audience',
        'resource',
        'scope',
      ]);
      provider.registerGrantType(JWT_BEARER_GRANT, jwtBearer, [
        'assertion',
        'requested_token_use',
        'scope',
        'resource',
      ]);
    },
    /** Signs the human's token with the IdP key, as if the human had logged in to `clientId`. */
    async issueSubjectToken(options: SubjectTokenOptions): Promise<string> {
      const human =
        directory.findHuman(options.human) ??
        [...directory.humans.values()].find((h) => h.username === options.human);
      if (human === undefined) throw new TypeError(`issueSubjectToken: no human ${options.human}`);
      const clientId = options.clientId ?? 'web-app';
      // A given `issuedAtSeconds` is the token's `iat` as is; else it is dated as the vendor does.
      const mintedAt = options.issuedAtSeconds ?? now();
      const iat = options.issuedAtSeconds ?? mintedAt - iatBackdateSeconds;
      const kind = options.kind ?? 'access';
      const audience = options.audience ?? (kind === 'id' ? clientId : 'finance-agent');
      const app = typeof audience === 'string' ? audience : audience.join(' ');
      const pairwiseSubject = await pairwiseSubjectOf(issuer, app, humanTokenClaims(human));
      return sign({
        iss: issuer,
        ...(profile.humanTokenClaims?.(human, kind, { pairwiseSubject }) ??
          humanTokenClaims(human)),
        aud: audience,
        azp: clientId,
        iat,
        exp: mintedAt + (options.expiresInSeconds ?? 600),
        jti: crypto.randomUUID(),
        ...(options.mayAct === undefined ? {} : { may_act: options.mayAct }),
        ...(options.act === undefined ? {} : { act: options.act }),
      } as JWTPayload);
    },
  };
}

/** The delegation grants of one local IdP. @internal */
export type DelegationGrants = ReturnType<typeof createDelegationGrants>;
