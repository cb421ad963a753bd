import {
  ConfigurationError,
  DualAuthError,
  errorClassOf,
  type KnownOptions,
  TokenRequestError,
} from '@dual-auth/core';
import type {
  AdapterOptions,
  AttemptState,
  CheckedRequest,
  FormFields,
  KeyInput,
  VendorProfile,
} from '@dual-auth/core/adapter-kit';
import {
  adapterLogger,
  BaseAdapter,
  checkKeyInput,
  importPrivateKey,
  requireConfigObject,
  withConfigErrorLog,
  withheldCause,
} from '@dual-auth/core/adapter-kit';
import { entraIdActOidProblem } from './entraid-act-oid-problem.js';
import type { EntraIdAdapterOptions } from './entraid-adapter-options.js';
import type { EntraIdConfig } from './entraid-config.js';
import { entraIdTokenProfile } from './entraid-token-profile.js';
import { ENTRAID_TOKEN_REVOCATION } from './entraid-token-revocation.js';

const ENTRAID: VendorProfile = {
  vendor: 'entraid',
  label: 'EntraID',
  defaultExpiresInSeconds: 3599,
  accept: '*/*',
  messages: {
    byStatus: {
      400: 'Bad request - check credentials',
      401: 'Authentication failed',
      403: 'Access forbidden',
    },
    other: ({ status }) => `EntraID error (${status})`,
  },
  tokenUrlHint: {
    variable: 'ENTRAID_TOKEN_URL',
    shape: 'https://login.microsoftonline.com/<tenant id>/oauth2/v2.0/token',
  },
};

const REQUIRED = { scope: 'API_SCOPE', appId: 'APP_ID', actAudience: 'API_AUDIENCE' } as const;

const APP_ID_NOT_CLIENT_ID =
  "APP_ID is not AGENT_CLIENT_ID: @dual-auth/resource will refuse every act assertion (binding_mismatch), as it binds them to the agent token's client; set APP_ID to AGENT_CLIENT_ID";

function signingKey(config: EntraIdConfig, options: EntraIdAdapterOptions): KeyInput {
  const key: unknown = options.appPrivateKey ?? config.appPrivateKey;
  if (key !== undefined && typeof key !== 'string' && (typeof key !== 'object' || key === null)) {
    throw new TypeError('appPrivateKey must be PEM text, a JWK object or a CryptoKey');
  }
  if (key !== undefined && key !== '') return key as KeyInput;
  if (typeof config.appPrivateKeyPath === 'string' && config.appPrivateKeyPath !== '') {
    throw new ConfigurationError({
      message:
        "APP_PRIVATE_KEY_PATH is a file, which this web-standard adapter does not read: use getConfig or createAdapter from '@dual-auth/core/node' (they read it into appPrivateKey), or pass the key as appPrivateKey",
      variable: 'APP_PRIVATE_KEY_PATH',
    });
  }
  throw new ConfigurationError({
    message: 'EntraID adapter requires: appPrivateKey (APP_PRIVATE_KEY)',
    variable: 'APP_PRIVATE_KEY',
  });
}

/** The names of {@link EntraIdAdapterOptions} beyond the adapter kit's. */
const ENTRAID_OPTIONS = {
  appPrivateKey: true,
  actAssertionKid: true,
} as const satisfies KnownOptions<Omit<EntraIdAdapterOptions, keyof AdapterOptions>>;

/**
 * Entra ID, the hybrid: a plain agent token with the client secret (`client_secret_post`), plus
 * an **act assertion**, an RS256 JWT signed with the application's key (`iss` = `sub` = `appId`,
 * `aud` = `actAudience`, `exp` = `iat` + 300, `jti`, `act`), returned as `actAssertion` and sent
 * to the API as `X-Act-Assertion`. `@dual-auth/resource` binds the assertion to the agent token:
 * `appId` must be the token's client, `clientId` (`APP_ID` = `AGENT_CLIENT_ID`); another `appId`
 * is kept, as the reference signs with any, with one warning `entraid_app_id_not_client_id` at
 * construction. `act.oid`, when given, must be the user's object id as Entra writes it, a
 * lower-case hyphenated GUID (`entraIdActOidProblem`): another spelling is refused with a
 * TypeError before any request, as the API would refuse the assertion. Wire-identical to the reference: body `grant_type, client_id,
 * client_secret, scope` with the configured scope, `Accept: *\/*`. The key is checked by the
 * constructor (kind, structure, type, size) and imported before the first request is sent.
 *
 * Env (through `getConfig` and `entraIdPlugin`): see `docs/wire-format.md#entra-id`.
 *
 * @example
 * const adapter = new EntraIdAdapter(config); // config.appPrivateKey holds the PEM
 * const token = await adapter.requestToken({ agentId: config.clientId, act: { sub: upn, oid }, scope: [] });
 * // token.accessToken → Authorization: Bearer …; token.actAssertion → X-Act-Assertion
 */
export class EntraIdAdapter extends BaseAdapter {
  declare readonly audience: string;
  /** `API_SCOPE`, sent as `scope` (the requested scopes are not: Entra grants `.default`). */
  readonly scope: string;
  readonly appId: string;
  readonly actAudience: string;
  /** The tenant segment of the token URL, for logs. */
  readonly tenantId: string;
  /** Entra dates `iat` 5 minutes back: {@link entraIdTokenProfile}'s `iatBackdateSeconds`. */
  readonly iatBackdateSeconds = entraIdTokenProfile.iatBackdateSeconds;
  readonly #key: Promise<CryptoKey>;
  readonly #kid: string | undefined;

  constructor(config: EntraIdConfig, options: EntraIdAdapterOptions = {}) {
    const fields = requireConfigObject(config, {
      className: 'EntraIdAdapter',
      example:
        "{ vendor: 'entraid', tokenUrl: 'https://login.microsoftonline.com/<tenant id>/oauth2/v2.0/token', clientId, clientSecret, scope, appId, actAudience, appPrivateKey }",
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      args: arguments,
    }) as unknown as Record<string, unknown>;
    const missing = Object.entries(REQUIRED).filter(
      ([field]) => typeof fields[field] !== 'string' || fields[field] === '',
    );
    const [first] = missing;
    if (first !== undefined) {
      adapterLogger(options).error('entraid_config_error', { variable: first[1] });
      throw new ConfigurationError({
        message: `EntraID adapter requires: ${missing.map(([f, env]) => `${f} (${env})`).join(', ')}`,
        variable: first[1],
      });
    }
    const tenantId = String(config.tokenUrl ?? '').split('/')[3] ?? 'unknown';
    const { scope, appId, actAudience } = config;
    super(config, options, {
      profile: ENTRAID,
      // The client assertion carries act; the human's subject token never reaches the IdP.
      layout: 'legacy',
      optionNames: ENTRAID_OPTIONS,
      // The API refuses an act assertion whose act.oid is not in Entra's form: refused here first.
      actProblem: entraIdActOidProblem,
      // Entra copies no act into tokens (the act assertion names the human): the client is checked.
      issuedToken: { profile: entraIdTokenProfile },
      tokenRevocation: ENTRAID_TOKEN_REVOCATION,
      audience: actAudience,
      details: { scope, appId, actAudience, tenantId },
    });
    this.scope = scope;
    this.appId = appId;
    this.actAudience = actAudience;
    this.tenantId = tenantId;
    // Kept, as the reference signs with any APP_ID; but the guard will refuse every assertion.
    if (appId !== this.clientId) {
      this.logger.warn('entraid_app_id_not_client_id', {
        app_id: appId,
        client_id: this.clientId,
        message: APP_ID_NOT_CLIENT_ID,
      });
    }
    const kid = options.actAssertionKid;
    if (kid !== undefined && (typeof kid !== 'string' || kid === '')) {
      throw new TypeError('actAssertionKid must be a non-empty string');
    }
    this.#kid = kid;
    const key = withConfigErrorLog(options, 'entraid_config_error', () =>
      signingKey(config, options),
    );
    withConfigErrorLog(options, 'entraid_key_load_error', () =>
      checkKeyInput(key, { kind: 'private', alg: 'RS256', name: 'appPrivateKey' }),
    );
    this.#key = importPrivateKey(key, 'RS256', { name: 'appPrivateKey' });
    this.#key.then(
      () => this.logger.info('entraid_key_loaded', { app_id: appId, algorithm: 'RS256' }),
      (error: unknown) =>
        this.logger.error('entraid_key_load_error', {
          error_type: errorClassOf(error),
        }),
    );
  }

  protected async buildForm({ clientSecret }: AttemptState): Promise<FormFields> {
    await this.#key;
    return [
      ['grant_type', 'client_credentials'],
      ['client_id', this.clientId],
      ['client_secret', clientSecret],
      ['scope', this.scope],
    ];
  }

  protected override responseScope(): string {
    return this.scope;
  }

  /**
   * Signs the act assertion. A failure is logged as `act_assertion_error` (its class only); an
   * untyped one (a crypto or `random` failure) becomes a `TokenRequestError`
   * `Cannot create act assertion: <Class>`, as the reference's message said; its `cause` is core's
   * `withheldCause` (the class only: the error's message may quote a secret).
   */
  protected override async actAssertion(request: CheckedRequest): Promise<string> {
    try {
      return await this.assertion({
        agentId: this.appId,
        audience: this.actAudience,
        act: request.act,
        alg: 'RS256',
        privateKey: await this.#key,
        kid: this.#kid,
        event: 'entraid_act_assertion_created',
      });
    } catch (error) {
      const errorType = errorClassOf(error);
      this.logger.error('act_assertion_error', { error_type: errorType });
      if (DualAuthError.isInstance(error) || error instanceof TypeError) throw error;
      throw new TokenRequestError({
        vendor: 'entraid',
        message: `Cannot create act assertion: ${errorType}`,
        cause: withheldCause(error),
      });
    }
  }
}

/**
 * The Python library's name of {@link EntraIdAdapter}, which the implementation guide uses
 * (`EntraIDAdapter(get_config())`); the same class.
 */
export const EntraIDAdapter = EntraIdAdapter;
/** The Python library's name of {@link EntraIdAdapter}. */
export type EntraIDAdapter = EntraIdAdapter;
