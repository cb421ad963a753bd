import { ConfigurationError, type KnownOptions } from '@dual-auth/core';
import type {
  AdapterOptions,
  AttemptState,
  FormFields,
  VendorProfile,
} from '@dual-auth/core/adapter-kit';
import {
  adapterLogger,
  BaseAdapter,
  JWT_BEARER_ASSERTION_TYPE,
  jwtBearerForm,
  requireAudience,
  requireConfigObject,
  revocationUrlBesideToken,
  withConfigErrorLog,
} from '@dual-auth/core/adapter-kit';
import type { OktaAssertionAudience, OktaConfig } from './okta-config.js';
import { oktaTokenProfile } from './okta-token-profile.js';
import { OKTA_TOKEN_REVOCATION } from './okta-token-revocation.js';

const OKTA: VendorProfile = {
  vendor: 'okta',
  label: 'Okta',
  defaultExpiresInSeconds: 3600,
  messages: {
    byStatus: {
      400: 'Bad request to Okta - check client assertion or scope',
      401: 'Authentication failed - check client credentials',
      403: 'Access forbidden - check authorization policy',
      429: 'Rate limit exceeded - too many requests to Okta',
    },
    other: ({ status, errorType }) => `Okta error (${status}): ${errorType}`,
  },
  tokenUrlHint: { variable: 'OKTA_TOKEN_URL', shape: 'https://<org>/oauth2/<server id>/v1/token' },
};

/** Options of {@link OktaAdapter}. */
export interface OktaAdapterOptions extends AdapterOptions {
  /**
   * `issuer` (the reference's default): the authorization server URL `…/oauth2/<id>`.
   * `token-endpoint`: the full token URL, which is what Okta documents and a real org needs.
   * Default: `config.assertionAudience` (`OKTA_ASSERTION_AUDIENCE`), else `issuer`.
   */
  assertionAudience?: OktaAssertionAudience | undefined;
}

const URL_FORMAT =
  'Invalid Okta token URL format. Expected: https://domain.okta.com/oauth2/aus123.../v1/token';

/** The names of {@link OktaAdapterOptions} beyond the adapter kit's. */
const OKTA_OPTIONS = {
  assertionAudience: true,
} as const satisfies KnownOptions<Omit<OktaAdapterOptions, keyof AdapterOptions>>;

/**
 * Okta (custom authorization server): `client_credentials` with an HS256 client assertion
 * (`client_secret_jwt`) carrying the human as `act`, which the `clientAssertion.claims.act`
 * claim expression copies into the token. Wire-identical to the reference by default: body
 * `grant_type, scope, client_assertion_type, client_assertion`, assertion `aud` =
 * `{domain}/oauth2/{authServerId}`. `config.audience` is required but, as in the reference, only
 * checked and logged: the authorization server decides the token's audience.
 *
 * Okta documents the token endpoint URL as the assertion `aud`: a real org needs
 * `OKTA_ASSERTION_AUDIENCE=token-endpoint` (or the option `assertionAudience: 'token-endpoint'`).
 *
 * Env (through `getConfig` and `oktaPlugin`): see `docs/wire-format.md#okta`.
 *
 * @example
 * const adapter = new OktaAdapter(config, { assertionAudience: 'token-endpoint' });
 * const token = await adapter.requestToken({ agentId: config.clientId, act: { sub: '00u1' }, scope: ['finance.read'] });
 */
export class OktaAdapter extends BaseAdapter {
  declare readonly audience: string;
  /** Everything before `/oauth2/` in the token URL. */
  readonly oktaDomain: string;
  /** The first path segment after `/oauth2/` (`v1` for the org server, as in the reference). */
  readonly authServerId: string;
  /** The `aud` of the client assertion, per {@link OktaAdapterOptions.assertionAudience}. */
  readonly assertionAudience: string;
  readonly #revocationAudience: string;

  constructor(config: OktaConfig, options: OktaAdapterOptions = {}) {
    requireConfigObject(config, {
      className: 'OktaAdapter',
      example:
        "{ vendor: 'okta', tokenUrl: 'https://<org>/oauth2/<server id>/v1/token', clientId, clientSecret, audience }",
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      args: arguments,
    });
    const mode = options?.assertionAudience ?? config?.assertionAudience ?? 'issuer';
    if (mode !== 'issuer' && mode !== 'token-endpoint') {
      throw new TypeError("assertionAudience must be 'issuer' or 'token-endpoint'");
    }
    const audience = withConfigErrorLog(options, 'okta_config_error', () =>
      requireAudience(config, 'Okta'),
    );
    const tokenUrl = String(config.tokenUrl ?? '');
    const cut = tokenUrl.indexOf('/oauth2/');
    if (cut === -1) {
      adapterLogger(options).error('okta_url_parse_error', { variable: 'OKTA_TOKEN_URL' });
      throw new ConfigurationError({ message: URL_FORMAT, variable: 'OKTA_TOKEN_URL' });
    }
    const oktaDomain = tokenUrl.slice(0, cut);
    const authServerId = tokenUrl.slice(cut + '/oauth2/'.length).split('/')[0] ?? '';
    const assertionAudience = mode === 'issuer' ? `${oktaDomain}/oauth2/${authServerId}` : tokenUrl;
    super(config, options, {
      profile: OKTA,
      // The client assertion carries act; the human's subject token never reaches the IdP.
      layout: 'legacy',
      optionNames: OKTA_OPTIONS,
      issuedToken: {
        profile: oktaTokenProfile,
        actSetting:
          'the authorization server\'s access-token claim "act" (value clientAssertion.claims.act)',
      },
      tokenRevocation: OKTA_TOKEN_REVOCATION,
      audience,
      details: { audience, oktaDomain, authServerId, assertionAudience },
    });
    this.oktaDomain = oktaDomain;
    this.authServerId = authServerId;
    this.assertionAudience = assertionAudience;
    // Okta's revocation endpoint is OKTA_TOKEN_REVOCATION's: beside the token URL.
    this.#revocationAudience =
      mode === 'issuer' ? assertionAudience : (revocationUrlBesideToken(tokenUrl) ?? tokenUrl);
  }

  protected async buildForm({ request, clientSecret }: AttemptState): Promise<FormFields> {
    const assertion = await this.assertion({
      agentId: request.agentId,
      audience: this.assertionAudience,
      act: request.act,
      secret: clientSecret,
      event: 'okta_client_assertion_created',
    });
    return jwtBearerForm([['scope', request.scope.join(' ')]], assertion);
  }

  /**
   * The same `client_secret_jwt` assertion as a token request, without `act`. With
   * `assertionAudience: 'token-endpoint'` (what a real org needs) its `aud` is the revocation URL:
   * Okta accepts only the endpoint invoked
   * (https://support.okta.com/help/s/article/the-audience-claim-for-client-assertion-must-be-the-endpoint-invoked-for-the-request);
   * with `issuer` (the reference's), the issuer, as at the token endpoint.
   */
  protected override async revocationAuthentication(clientSecret: string): Promise<FormFields> {
    const assertion = await this.assertion({
      agentId: this.clientId,
      audience: this.#revocationAudience,
      secret: clientSecret,
      event: 'okta_client_assertion_created',
    });
    return [
      ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
      ['client_assertion', assertion],
    ];
  }
}
