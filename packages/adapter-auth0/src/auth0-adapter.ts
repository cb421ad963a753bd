import { ConfigurationError, type KnownOptions } from '@dual-auth/core';
import type {
  AdapterOptions,
  AttemptState,
  ClientAssertionKey,
  FormFields,
  VendorProfile,
} from '@dual-auth/core/adapter-kit';
import {
  apiTokenCheck,
  BaseAdapter,
  importPrivateKey,
  jwtBearerForm,
  requireAudience,
  requireConfigObject,
  withConfigErrorLog,
} from '@dual-auth/core/adapter-kit';
import type { Auth0AdapterOptions } from './auth0-adapter-options.js';
import type { Auth0Config } from './auth0-config.js';
import { auth0TokenProfile } from './auth0-token-profile.js';
import { AUTH0_TOKEN_REVOCATION } from './auth0-token-revocation.js';

const AUTH0: VendorProfile = {
  vendor: 'auth0',
  label: 'Auth0',
  defaultExpiresInSeconds: 86_400,
  messages: {
    byStatus: {
      400: 'Bad request to Auth0 - check client assertion or audience',
      401: 'Authentication failed - check client credentials',
      403: 'Access forbidden - check client is authorized for API',
      429: 'Rate limit exceeded - too many requests to Auth0',
    },
    other: ({ status, errorType }) => `Auth0 error (${status}): ${errorType}`,
  },
  tokenUrlHint: { variable: 'AUTH0_TOKEN_URL', shape: 'https://<tenant domain>/oauth/token' },
};

const ACT_SETTING =
  'the credentials-exchange Action that copies the client assertion\'s "act" into the access token';

const PRIVATE_KEY_ALGS: readonly string[] = ['RS256', 'PS256', 'ES256'];

function checkKeyOptions({ privateKey, kid, sendScope }: Auth0AdapterOptions): void {
  const isKey = typeof privateKey === 'string' || (typeof privateKey === 'object' && privateKey);
  if (privateKey !== undefined && !isKey) {
    throw new TypeError('privateKey must be PEM text, a JWK object or a CryptoKey');
  }
  if (kid !== undefined && (typeof kid !== 'string' || kid === '')) {
    throw new TypeError('kid must be a non-empty string');
  }
  if (sendScope !== undefined && typeof sendScope !== 'boolean') {
    throw new TypeError('sendScope must be a boolean');
  }
}

/** The token URL cut at its last `/oauth/`, plus `/` (`docs/wire-format.md#auth0`). */
function auth0Domain(tokenUrl: unknown): string {
  const url = String(tokenUrl ?? '');
  return `${url.includes('/oauth/') ? url.slice(0, url.lastIndexOf('/oauth/')) : url}/`;
}

/** The names of {@link Auth0AdapterOptions} beyond the adapter kit's. */
const AUTH0_OPTIONS = {
  clientAuthentication: true,
  privateKey: true,
  privateKeyAlg: true,
  kid: true,
  sendScope: true,
} as const satisfies KnownOptions<Omit<Auth0AdapterOptions, keyof AdapterOptions>>;

/**
 * Auth0: `client_credentials` for the API `audience`, with a client assertion that carries the
 * human as `act` (copied into the token by a Credentials-Exchange Action). Wire-identical to the
 * reference by default: body `grant_type, client_id, audience, client_assertion_type,
 * client_assertion`, assertion `aud` = `https://<tenant>/`, HS256.
 *
 * Auth0 documents no HS256 client assertion: a real tenant needs
 * `clientAuthentication: 'private_key_jwt'` with the key registered for the application.
 *
 * Env (through `getConfig` and `auth0Plugin`): see `docs/wire-format.md#auth0`.
 *
 * @example
 * const adapter = new Auth0Adapter(config, { clientAuthentication: 'private_key_jwt', privateKey: pem, kid: 'k1' });
 * const token = await adapter.requestToken({ agentId: config.clientId, act: { sub: 'auth0|123' }, scope: [] });
 */
export class Auth0Adapter extends BaseAdapter {
  declare readonly audience: string;
  /** The assertion audience: the token URL cut at `/oauth/`, with a trailing slash. */
  readonly auth0Domain: string;
  readonly clientAuthentication: 'client_secret_jwt' | 'private_key_jwt';
  readonly #key: Promise<CryptoKey> | undefined;
  readonly #keyOptions: Auth0AdapterOptions;

  constructor(config: Auth0Config, options: Auth0AdapterOptions = {}) {
    requireConfigObject(config, {
      className: 'Auth0Adapter',
      example:
        "{ vendor: 'auth0', tokenUrl: 'https://<tenant domain>/oauth/token', clientId, clientSecret, audience }",
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      args: arguments,
    });
    const authentication = options?.clientAuthentication ?? 'client_secret_jwt';
    if (authentication !== 'client_secret_jwt' && authentication !== 'private_key_jwt') {
      throw new TypeError("clientAuthentication must be 'client_secret_jwt' or 'private_key_jwt'");
    }
    const audience = withConfigErrorLog(options, 'auth0_config_error', () =>
      requireAudience(config, 'Auth0'),
    );
    const domain = auth0Domain(config.tokenUrl);
    super(config, options, {
      profile: AUTH0,
      // The client assertion carries act; the human's subject token never reaches the IdP.
      layout: 'legacy',
      optionNames: AUTH0_OPTIONS,
      // Auth0's access token names the API it is for in `aud`: the API identifier asked for as
      // `audience`, alone or in an array beside the tenant's /userinfo URL (Auth0 docs, "Access
      // Token Profiles"). A token for another API is refused, never sent to this one.
      issuedToken: {
        profile: auth0TokenProfile,
        actSetting: ACT_SETTING,
        check: apiTokenCheck({
          vendor: 'auth0',
          actSetting: ACT_SETTING,
          audience,
          audienceCheck:
            "the API identifier (APIs in the Auth0 dashboard) and the tenant's Default Audience",
        }),
      },
      tokenRevocation: AUTH0_TOKEN_REVOCATION,
      audience,
      details: { audience, auth0Domain: domain, clientAuthentication: authentication },
      requiresSecret: authentication === 'client_secret_jwt',
    });
    checkKeyOptions(options);
    this.auth0Domain = domain;
    this.clientAuthentication = authentication;
    this.#keyOptions = { ...options };
    if (authentication === 'private_key_jwt') {
      if (options.privateKey === undefined) {
        throw new ConfigurationError({
          message: "private_key_jwt needs the agent's private key (options.privateKey)",
          variable: 'privateKey',
        });
      }
      const alg = options.privateKeyAlg ?? 'RS256';
      if (!PRIVATE_KEY_ALGS.includes(alg)) {
        throw new TypeError(`privateKeyAlg must be one of ${PRIVATE_KEY_ALGS.join(', ')}`);
      }
      this.#key = importPrivateKey(options.privateKey, alg, { name: 'privateKey' });
      this.#key.catch(() => undefined);
    }
  }

  protected async buildForm({ request, clientSecret }: AttemptState): Promise<FormFields> {
    const key: ClientAssertionKey =
      this.#key === undefined
        ? { secret: clientSecret }
        : { alg: this.#keyOptions.privateKeyAlg ?? 'RS256', privateKey: await this.#key };
    const assertion = await this.assertion({
      ...key,
      kid: this.#keyOptions.kid,
      agentId: request.agentId,
      audience: this.auth0Domain,
      act: request.act,
      event: 'auth0_client_assertion_created',
    });
    const scope: FormFields =
      this.#keyOptions.sendScope === true && request.scope.length > 0
        ? [['scope', request.scope.join(' ')]]
        : [];
    return jwtBearerForm(
      [['client_id', request.agentId], ['audience', this.audience], ...scope],
      assertion,
    );
  }
}
