import {
  argumentKindOf,
  ConfigurationError,
  createSubjectToken,
  type DualSubjectToken,
  isSubjectToken,
  ownOptions,
  refusePositionalArguments,
  type SubjectToken,
  SubjectTokenRequiredError,
  TOKEN_TYPE,
  type TokenRequest,
  TokenRequestError,
  urlForLogging,
} from '@dual-auth/core';
import type {
  AdapterOptions,
  AttemptState,
  CheckedRequest,
  ClientAssertionKey,
  FormFields,
  VendorProfile,
} from '@dual-auth/core/adapter-kit';
import {
  assertHttpsUrl,
  BaseAdapter,
  importPrivateKey,
  JWT_BEARER_ASSERTION_TYPE,
  jwtBearerForm,
  peopleOf,
  refuseUnknownRequestFields,
  refuseUnusableSubjectToken,
  requestTokenEndpoint,
  requireConfigObject,
} from '@dual-auth/core/adapter-kit';
import { checkDelegatedToken } from './check-delegated-token.js';
import { checkIdJagAudience } from './check-id-jag-audience.js';
import { checkIdJagClient } from './check-id-jag-client.js';
import { checkIdJagHuman } from './check-id-jag-human.js';
import { checkIdTokenLabel } from './check-id-token-label.js';
import { checkIdentityAssertion } from './check-identity-assertion.js';
import { checkIssuerUrls } from './check-issuer-url.js';
import { checkMayAct } from './check-may-act.js';
import { checkModeChoices } from './check-mode-choices.js';
import { checkSubjectHuman } from './check-subject-human.js';
import { clientCredentialsTokenCheck } from './client-credentials-token-check.js';
import { delegatedTokenIssuer } from './delegated-token-issuer.js';
import { jwtBearerGrantForm, tokenExchangeForm } from './delegation-form.js';
import { delegationMessages } from './delegation-messages.js';
import type {
  OAuthActorToken,
  OAuthConfig,
  OAuthMode,
  OAuthSigningAlg,
  OAuthTokenAuthMethod,
} from './oauth-config.js';
import { OAUTH_PRESETS } from './oauth-presets.js';
import { oauthTokenProfile } from './oauth-token-profile.js';
import { oauthTokenRevocation, revocationEndpointOf } from './oauth-token-revocation.js';
import { refuseIdJagTime } from './refuse-id-jag-time.js';

/** How `requestToken` is called, as a refusal of positional arguments shows it. */
const REQUEST_TOKEN_USAGE = {
  call: 'requestToken',
  example: '{ agentId, act, scope, subjectToken }',
};

const OAUTH: VendorProfile = {
  vendor: 'oauth',
  label: 'OAuth',
  defaultExpiresInSeconds: 3600,
  messages: {
    byStatus: {
      400: 'Bad request to the OAuth IdP - check the client assertion, scope and audience',
      401: 'Authentication failed - check client credentials',
      403: 'Access forbidden - check the client is allowed this grant and scope',
      429: 'Rate limit exceeded - too many requests to the OAuth IdP',
    },
    other: ({ status, errorType }) => `OAuth IdP error (${status}): ${errorType}`,
  },
  tokenUrlHint: {
    variable: 'OAUTH_TOKEN_URL',
    shape: 'the token_endpoint of the server’s metadata',
  },
};

/**
 * Whether the init log and `toString()` show a setting through `urlForLogging`: an http(s) URL
 * (spaces around it ignored) with credentials, a query, a fragment or path parameters (a key in
 * `?code=`). Anything else (an audience name, a URN, a plain URL whose trailing slash matters) is
 * shown as set.
 */
function isCutForLogging(value: string | undefined): value is string {
  // Trimmed as the URL parser trims it: a value from an env file may keep its spaces.
  return value !== undefined && /^https?:/i.test(value.trim()) && /[@?#;]/.test(value);
}

/**
 * The settings that are set (`toString()` and the init log leave the others out) as shown
 * (`details`) and, of those shown cut, the values as set (`identity`: part of `id` only, so two
 * clients differing in a query do not share a cache).
 */
function shownSettings(settings: Record<string, string | undefined>): {
  details: Record<string, string>;
  identity: string[];
} {
  const set = Object.entries(settings).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return {
    details: Object.fromEntries(
      set.map(([name, value]) => [name, isCutForLogging(value) ? urlForLogging(value) : value]),
    ),
    identity: set.map(([, value]) => value).filter(isCutForLogging),
  };
}

/** Options of {@link OAuthAdapter}: the kit's (`fetch`, `clock`, `retry`, …). */
export type OAuthAdapterOptions = AdapterOptions;

/** Who signs or sends a client authentication; the secret is never logged. */
interface ClientCredentials {
  readonly agentId: string;
  readonly clientSecret: string;
}

function credentialsOf(state: AttemptState): ClientCredentials {
  return { agentId: state.request.agentId, clientSecret: state.clientSecret };
}

interface Settings {
  readonly mode: OAuthMode;
  readonly authMethod: OAuthTokenAuthMethod;
  readonly actorToken: OAuthActorToken;
  /** `OAUTH_HUMAN_ID_CLAIM`, or the preset's: where access tokens hold the human's id; none: `sub`. */
  readonly humanIdClaim: string | undefined;
}

/** The preset's defaults under the explicit settings; checked against one another. */
function resolveSettings(config: OAuthConfig): Settings {
  const preset = config?.preset === undefined ? undefined : OAUTH_PRESETS[config.preset];
  if (config?.preset !== undefined && preset === undefined) {
    throw new ConfigurationError({
      message: `OAUTH_PRESET ${String(config.preset)} is not one of: ${Object.keys(OAUTH_PRESETS).join(', ')}`,
      variable: 'OAUTH_PRESET',
    });
  }
  const mode = config?.mode ?? preset?.mode ?? 'client-credentials';
  const settings: Settings = {
    mode,
    authMethod: config?.authMethod ?? preset?.authMethod ?? 'client_secret_jwt',
    actorToken: config?.actorToken ?? preset?.actorToken ?? 'none',
    humanIdClaim: config?.humanIdClaim ?? preset?.humanIdClaim,
  };
  if (!['client-credentials', 'token-exchange', 'on-behalf-of', 'id-jag'].includes(mode)) {
    throw new ConfigurationError({
      message: `OAUTH_MODE ${mode} is not supported`,
      variable: 'OAUTH_MODE',
    });
  }
  checkModeChoices(config ?? {});
  if (
    mode === 'id-jag' &&
    (config.idpTokenUrl === undefined || config.resourceIssuer === undefined)
  ) {
    throw new ConfigurationError({
      message:
        'OAUTH_MODE id-jag needs OAUTH_IDP_TOKEN_URL (the enterprise IdP) and OAUTH_RESOURCE_ISSUER (the resource authorization server, the ID-JAG audience)',
      variable: config.idpTokenUrl === undefined ? 'OAUTH_IDP_TOKEN_URL' : 'OAUTH_RESOURCE_ISSUER',
    });
  }
  return settings;
}

/**
 * Any standards-based OAuth 2.0 authorization server, in one of four modes (`OAUTH_MODE`, or a
 * vendor's `OAUTH_PRESET`):
 * - `client-credentials` (default): RFC 6749 §4.4 with an RFC 7523 client assertion that carries
 *   the human as `act`, the reference's recipe. Body `grant_type, scope, audience?,
 *   client_assertion_type, client_assertion`; the assertion `aud` is `assertionAudience`, by
 *   default the token URL.
 * - `token-exchange`: RFC 8693 §2.1 with the human's token (`TokenRequest.subjectToken`) as
 *   `subject_token`, the agent's own token as `actor_token` when configured, `audience`,
 *   `resource` (RFC 8707) and `scope`; the answer must carry the requested `issued_token_type`.
 *   The token's `iss` is compared with `OAUTH_ISSUER` only when that is set.
 * - `on-behalf-of`: jwt-bearer with the human's token as `assertion` and
 *   `requested_token_use=on_behalf_of` (Microsoft identity platform). The token's `iss` is
 *   compared with `OAUTH_ISSUER`, else with the v1 and v2 issuers of the tenant id in an Entra
 *   token URL (`delegatedTokenIssuer`), else not at all.
 * - `id-jag`: token exchange of the human's ID token for an ID-JAG at `idpTokenUrl`, then jwt-bearer
 *   with it at the token URL (the resource's authorization server).
 * In the delegation modes the client authenticates with a client assertion without `act`, or
 * `client_secret_post`; every request goes through the adapter kit's hardened token-endpoint call.
 *
 * Env (through `getConfig` and `oauthPlugin`): see `docs/wire-format.md#oauth`.
 *
 * @throws ConfigurationError when `private_key_jwt` has no key, the mode is not supported,
 * `id-jag` lacks its two URLs, or `OAUTH_ISSUER` or `OAUTH_RESOURCE_ISSUER` is not an HTTPS URL
 * without credentials, query or fragment (`checkIssuerUrls`).
 * @example
 * const adapter = new OAuthAdapter(config); // config from getConfig({ plugins: [oauthPlugin] })
 * const token = await adapter.requestToken({ agentId: config.clientId, act: { sub: userId }, scope: ['finance.read'] });
 * // OAUTH_PRESET=keycloak: the human's token from the login goes along
 * const delegated = await adapter.requestToken({ agentId, act, scope, subjectToken: session.subjectToken });
 * // OAUTH_PRESET=okta-xaa (id-jag): the human's ID token, whatever else the session holds
 * const viaJag = await adapter.requestToken({ agentId, act, scope, subjectToken: session.idToken });
 */
export class OAuthAdapter extends BaseAdapter {
  /**
   * The client assertion's `aud` at the token endpoint; at the revocation endpoint too, except
   * for the `okta` preset, whose revocation assertion names the revocation endpoint.
   */
  readonly assertionAudience: string;
  /** The grant this adapter asks for. */
  readonly mode: OAuthMode;
  /**
   * How many seconds before minting a token the preset's IdP dates its `iat` (`IamAdapter`'s):
   * 300 for `entraid`, as Entra ID backdates by 5 minutes; `undefined` (0) for the others.
   */
  readonly iatBackdateSeconds: number | undefined;
  readonly #settings: Settings;
  readonly #config: OAuthConfig;
  readonly #adapterOptions: OAuthAdapterOptions | undefined;
  readonly #key: Promise<CryptoKey> | undefined;
  readonly #alg: OAuthSigningAlg;
  readonly #kid: string | undefined;

  constructor(config: OAuthConfig, options?: OAuthAdapterOptions) {
    requireConfigObject(config, {
      className: 'OAuthAdapter',
      example:
        "{ vendor: 'oauth', tokenUrl: '<the token_endpoint of the server metadata>', clientId, clientSecret }",
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      args: arguments,
    });
    const settings = resolveSettings(config);
    const { mode, authMethod } = settings;
    const assertionAudience = config?.assertionAudience ?? String(config?.tokenUrl ?? '');
    // Before the init log and toString show them.
    // Own property only, as the adapter kit reads it: an inherited `true` allows no `http:` URL.
    const allowInsecureLoopback = ownOptions(options)?.allowInsecureLoopback;
    checkIssuerUrls(config, { allowInsecureLoopback });
    const issuer = delegatedTokenIssuer(config, mode);
    super(config, options, {
      profile:
        mode === 'client-credentials'
          ? OAUTH
          : {
              ...OAUTH,
              messages: delegationMessages(
                OAUTH.messages,
                mode === 'id-jag' ? 'id-jag-2' : mode,
                String(config.tokenUrl),
                { actorToken: settings.actorToken !== 'none' },
              ),
            },
      // client-credentials: the client assertion carries act, and no subject token is sent; every
      // delegation mode sends the human's token to the IdP, which verifies it.
      layout: mode === 'client-credentials' ? 'legacy' : 'rfc8693',
      issuedToken:
        mode === 'client-credentials'
          ? clientCredentialsTokenCheck(config.audience)
          : {
              profile: oauthTokenProfile,
              check: (token, request, { profile, nowMs }) =>
                checkDelegatedToken(token, request, {
                  mode,
                  clientIdClaims: profile.clientIdClaims,
                  // Entra's on-behalf-of token names the API by its application id, which
                  // API_AUDIENCE (an App ID URI) need not spell.
                  audiences: mode === 'on-behalf-of' ? [] : [config.audience, config.resource],
                  issuer,
                  nowMs,
                  humanIdClaim: settings.humanIdClaim,
                }),
            },
      // An ID-JAG grant's two steps, an actor token before the exchange: one deadline, two requests.
      tokenRequests:
        mode === 'id-jag' || (mode === 'token-exchange' && settings.actorToken !== 'none') ? 2 : 1,
      tokenRevocation: oauthTokenRevocation(config),
      audience: config?.audience,
      ...shownSettings({
        mode,
        authMethod,
        audience: config?.audience,
        assertionAudience,
        ...(mode === 'client-credentials'
          ? {}
          : {
              preset: config.preset,
              actorToken: settings.actorToken,
              resource: config.resource,
              idpTokenUrl: config.idpTokenUrl,
              // In the adapter_init log and toString: an operator sees when iss goes unchecked.
              issuer: issuer.issuers.join(' ') || 'not compared',
              humanIdClaim: settings.humanIdClaim,
            }),
      }),
      requiresSecret: authMethod !== 'private_key_jwt',
    });
    this.mode = mode;
    this.iatBackdateSeconds =
      config.preset === undefined ? undefined : OAUTH_PRESETS[config.preset].iatBackdateSeconds;
    this.#settings = settings;
    this.#config = config;
    this.#adapterOptions = options;
    this.assertionAudience = assertionAudience;
    if (config.revocationEndpoint !== undefined) {
      assertHttpsUrl(config.revocationEndpoint, {
        name: 'OAUTH_REVOCATION_URL',
        allowInsecureLoopback,
      });
    }
    this.#alg = config.signingAlg ?? 'RS256';
    this.#kid = config.keyId;
    if (authMethod === 'private_key_jwt') {
      if (config.privateKey === undefined) {
        throw new ConfigurationError({
          message:
            'private_key_jwt needs the agent key as privateKey (OAUTH_PRIVATE_KEY, or OAUTH_PRIVATE_KEY_PATH through @dual-auth/core/node)',
          variable: 'OAUTH_PRIVATE_KEY',
        });
      }
      this.#key = importPrivateKey(config.privateKey, this.#alg, { name: 'OAUTH_PRIVATE_KEY' });
      this.#key.catch(() => undefined);
    }
  }

  /**
   * Gets a token that carries the agent and the human. In a delegation mode `subjectToken` is
   * required and must be the human of `act` (its `sub` or `oid`, when it is a JWT; under
   * `OAUTH_HUMAN_ID_CLAIM` that claim instead of `sub`, and required); in `id-jag` it
   * must be an identity assertion: `UserSession.idToken`, or a SAML 2.0 assertion typed
   * `TOKEN_TYPE.saml2` (`checkIdentityAssertion`), never `UserSession.subjectToken`'s access token.
   *
   * @throws TypeError, first, for a key that is not a `TokenRequest` field (`subject_token`: "did
   *   you mean subjectToken?").
   * @throws SubjectTokenRequiredError (a TypeError) without a subject token in a delegation mode,
   *   or, before any request, with one the IdP would plainly refuse: an unsigned JWT (`alg`
   *   `none`) or one past its `exp` by 300 s or more (`refuseUnusableSubjectToken`): get a fresh one.
   * @throws TypeError with a `subjectToken` that is no `SubjectToken` (`{ value, type }` strings):
   *   the token's text itself, `null`, a number…, named by its type, never its value.
   * @throws TypeError with a subject token for another human, or whose `may_act` names another
   *   party than this agent (`checkMayAct`), or
   *   (except in `on-behalf-of`, which sends no label) one labelled `TOKEN_TYPE.idToken` whose JWT
   *   header `typ` is `at+jwt` (`checkIdTokenLabel`),
   *   or (in `id-jag`) one that is not an ID token or SAML 2.0 assertion.
   * @throws TokenRequestError when the IdP issues no token (for `id-jag`: at either server), or a
   *   JWT the API would refuse: another human, actor, API or issuer than asked for, an act chain
   *   naming the human, a client claim not the agent's, or expired or not yet valid
   *   (`checkDelegatedToken`; in `client-credentials`, another human or client, or with
   *   `API_AUDIENCE` another API: `clientCredentialsTokenCheck`); in
   *   `id-jag`, also an ID-JAG for another human than `act` (`checkIdJagHuman`, `mismatch:
   *   'human'`), for another authorization server than `OAUTH_RESOURCE_ISSUER`
   *   (`checkIdJagAudience`) or for another client or none (`checkIdJagClient`, `mismatch:
   *   'agent'`), then one past its `exp` or issued over 300 s ahead (`refuseIdJagTime`), before step two.
   */
  override async requestToken(request: TokenRequest): Promise<DualSubjectToken> {
    // Python's request_token(agent_id, act, scope), or an argument after the request: refused as
    // BaseAdapter's own, which gets `request` alone from here, would.
    // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
    if (arguments.length > 1 || typeof request !== 'object') {
      // biome-ignore lint/complexity/noArguments: as above
      refusePositionalArguments(arguments, REQUEST_TOKEN_USAGE);
    }
    // Before the subject token is looked for: `subject_token` is named, not taken for none given.
    // Checked here, so the request goes on to requestTokenBy, not through BaseAdapter's
    // requestToken, which would check the same arguments and fields again.
    refuseUnknownRequestFields(request, this.constructor.name);
    if (this.mode === 'client-credentials') return this.requestTokenBy(request, undefined);
    const subjectToken = request?.subjectToken;
    const session = this.mode === 'id-jag' ? 'UserSession.idToken' : 'UserSession.subjectToken';
    if (subjectToken === undefined) {
      throw new SubjectTokenRequiredError(
        `OAUTH_MODE ${this.mode} needs the human's token: pass subjectToken (${session})`,
      );
    }
    // Before the checks below read it: the token's text itself (the likeliest slip) or null.
    if (!isSubjectToken(subjectToken)) {
      throw new TypeError(
        `subjectToken must be a SubjectToken (${session}, or createSubjectToken(token) from @dual-auth/core), got ${argumentKindOf(subjectToken)}`,
      );
    }
    checkSubjectHuman(subjectToken, request.act, this.mode, this.#settings.humanIdClaim);
    checkMayAct(subjectToken, this.clientId);
    // on-behalf-of sends the token as a jwt-bearer assertion, without its label.
    if (this.mode !== 'on-behalf-of') checkIdTokenLabel(subjectToken);
    // Every delegation mode sends the human's token: one the IdP would plainly refuse stays here.
    refuseUnusableSubjectToken(subjectToken, {
      nowMs: this.clock.now(),
      logger: this.logger,
      vendor: this.vendor,
      agentId: this.clientId,
    });
    if (this.mode !== 'id-jag') return this.requestTokenBy(request, undefined);
    checkIdentityAssertion(subjectToken);
    // One totalTimeoutMs for both steps, as the adapter kit documents it.
    const deadlineAt = this.clock.now() + this.totalTimeoutMs;
    const grant = await this.#identityAssertionGrant(request, subjectToken, deadlineAt);
    try {
      checkIdJagHuman(grant, request.act, subjectToken);
      checkIdJagAudience(grant, this.#config.resourceIssuer as string, this.tokenUrl);
      checkIdJagClient(grant, this.clientId);
    } catch (error) {
      // IAM identifiers only: the ID-JAG's other human may be an email.
      this.logger.error('token_subject_mismatch', {
        vendor: this.vendor,
        agent_id: request.agentId,
        mismatch: (TokenRequestError.isInstance(error) ? error.mismatch : undefined) ?? 'claims',
        token: 'id-jag',
      });
      throw error;
    }
    refuseIdJagTime(grant, {
      vendor: this.vendor,
      logger: this.logger,
      nowMs: this.clock.now(),
    });
    return this.requestTokenBy({ ...request, subjectToken: grant }, deadlineAt);
  }

  protected override issuedTokenType(): string | undefined {
    return this.mode === 'token-exchange' ? this.#requestedTokenType : undefined;
  }

  protected async buildForm(state: AttemptState): Promise<FormFields> {
    const { request } = state;
    if (this.mode === 'client-credentials') {
      const assertion = await this.#clientAssertion(credentialsOf(state), request.act);
      const fields: FormFields = [['scope', request.scope.join(' ')]];
      const audience: FormFields = this.audience === undefined ? [] : [['audience', this.audience]];
      return jwtBearerForm([...fields, ...audience], assertion);
    }
    const subject = request.subjectToken as SubjectToken;
    const grant =
      this.mode === 'token-exchange'
        ? tokenExchangeForm({
            subjectToken: subject,
            actorToken: await this.#actorToken(state),
            requestedTokenType: this.#requestedTokenType,
            audience: this.audience,
            resource: this.#config.resource,
            scope: request.scope,
          })
        : jwtBearerGrantForm(subject.value, request.scope, {
            onBehalfOf: this.mode === 'on-behalf-of',
            resource: this.#config.resource,
          });
    return [...grant, ...(await this.#clientAuthentication(credentialsOf(state)))];
  }

  /**
   * The same client authentication as its token requests (RFC 7009 §2.1), without `act`; for a
   * preset whose vendor requires it (`okta`), the assertion's `aud` is the revocation endpoint.
   */
  protected override revocationAuthentication(clientSecret: string): Promise<FormFields> {
    const preset =
      this.#config.preset === undefined ? undefined : OAUTH_PRESETS[this.#config.preset];
    const audience =
      preset?.revocationAssertionAudience === 'endpoint'
        ? revocationEndpointOf(this.#config)
        : undefined;
    return this.#clientAuthentication({ agentId: this.clientId, clientSecret }, audience);
  }

  get #requestedTokenType(): string {
    return this.#config.requestedTokenType ?? TOKEN_TYPE.accessToken;
  }

  async #clientAssertion(
    client: ClientCredentials,
    act: CheckedRequest['act'] | undefined,
    audience = this.assertionAudience,
  ): Promise<string> {
    const key: ClientAssertionKey =
      this.#key === undefined
        ? { secret: client.clientSecret }
        : { alg: this.#alg, privateKey: await this.#key };
    return this.assertion({
      ...key,
      kid: this.#kid,
      agentId: client.agentId,
      audience,
      act,
      event: 'oauth_client_assertion_created',
    });
  }

  /** The client's authentication in a delegation mode: never the human (it is the subject token). */
  async #clientAuthentication(client: ClientCredentials, audience?: string): Promise<FormFields> {
    if (this.#settings.authMethod === 'client_secret_post') {
      return [
        ['client_id', this.clientId],
        ['client_secret', client.clientSecret],
      ];
    }
    const assertion = await this.#clientAssertion(client, undefined, audience);
    return [
      ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
      ['client_assertion', assertion],
    ];
  }

  /**
   * The agent's own access token, by client credentials at the same IdP, for `actor_token`:
   * within the exchange's deadline and aborted with the caller's signal.
   */
  async #actorToken(state: AttemptState): Promise<string | undefined> {
    if (this.#settings.actorToken === 'none') return undefined;
    const json = await requestTokenEndpoint({
      ...this.#adapterOptions,
      // The adapter's, default for two requests included: the deadline its errors name.
      totalTimeoutMs: this.totalTimeoutMs,
      vendor: this.vendor,
      label: OAUTH.label,
      tokenUrl: this.tokenUrl,
      messages: OAUTH.messages,
      tokenUrlHint: OAUTH.tokenUrlHint,
      buildForm: async () => [
        ['grant_type', 'client_credentials'],
        ...(await this.#clientAuthentication(credentialsOf(state))),
      ],
      credentials: [state.clientSecret],
      people: peopleOf(state.request),
      signal: state.signal,
      deadlineAt: state.deadlineAt,
    });
    this.logger.debug('oauth_actor_token_obtained', { agent_id: state.request.agentId });
    return json.access_token;
  }

  /** Step one of `id-jag`: the enterprise IdP exchanges the human's ID token for an ID-JAG. */
  async #identityAssertionGrant(
    request: TokenRequest,
    subjectToken: SubjectToken,
    deadlineAt: number,
  ): Promise<SubjectToken> {
    const idpTokenUrl = this.#config.idpTokenUrl as string;
    const json = await requestTokenEndpoint({
      ...this.#adapterOptions,
      // The adapter's, default for two requests included: the deadline its errors name.
      totalTimeoutMs: this.totalTimeoutMs,
      vendor: this.vendor,
      label: OAUTH.label,
      tokenUrl: idpTokenUrl,
      messages: delegationMessages(OAUTH.messages, 'id-jag-1', idpTokenUrl),
      tokenUrlHint: {
        variable: 'OAUTH_IDP_TOKEN_URL',
        shape: 'the enterprise IdP’s token endpoint',
      },
      issuedTokenType: TOKEN_TYPE.idJag,
      signal: request.signal,
      deadlineAt,
      buildForm: async () => {
        const client = { agentId: request.agentId, clientSecret: this.#secret() };
        return [
          ...tokenExchangeForm({
            subjectToken,
            requestedTokenType: TOKEN_TYPE.idJag,
            audience: this.#config.resourceIssuer,
            resource: this.#config.resource,
            scope: request.scope,
          }),
          ...(await this.#clientAuthentication(client, idpTokenUrl)),
        ];
      },
      credentials: [this.#secret()],
      // The enterprise IdP holds the human's profile: its error text may name them.
      people: peopleOf(request),
      // Refused in requestToken, once the ID-JAG is known to be for whom it was asked.
      refusePastExp: false,
    });
    this.logger.debug('oauth_id_jag_obtained', { agent_id: request.agentId });
    return createSubjectToken(json.access_token, TOKEN_TYPE.idJag);
  }

  #secret(): string {
    return String(this.#config.clientSecret ?? '');
  }
}
