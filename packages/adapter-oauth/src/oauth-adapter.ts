import { ConfigurationError } from '@dual-auth/core';
import type {
  AdapterOptions,
  AttemptState,
  ClientAssertionKey,
  FormFields,
  VendorProfile,
} from '@dual-auth/core/adapter-kit';
import { BaseAdapter, importPrivateKey, jwtBearerForm } from '@dual-auth/core/adapter-kit';
import type { OAuthConfig, OAuthSigningAlg } from './oauth-config.js';

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
};

/** Options of {@link OAuthAdapter}: the kit's (`fetch`, `clock`, `retry`, …). */
export type OAuthAdapterOptions = AdapterOptions;

/**
 * Any standards-based OAuth 2.0 authorization server: `client_credentials` (RFC 6749 §4.4) with
 * an RFC 7523 client assertion that carries the human as `act`, as the reference's recipe does,
 * signed HS256 with the client secret (`client_secret_jwt`) or with the agent's key
 * (`private_key_jwt`). Body `grant_type, scope, audience?, client_assertion_type,
 * client_assertion`; the assertion `aud` is `assertionAudience`, by default the token URL.
 *
 * Env (through `getConfig` and `oauthPlugin`): see `docs/wire-format.md#oauth`.
 *
 * @throws ConfigurationError when `private_key_jwt` has no key, or the mode is not supported.
 * @example
 * const adapter = new OAuthAdapter(config); // config from getConfig({ plugins: [oauthPlugin] })
 * const token = await adapter.requestToken({ agentId: config.clientId, act: { sub: userId }, scope: ['finance.read'] });
 */
export class OAuthAdapter extends BaseAdapter {
  /** The client assertion's `aud`. */
  readonly assertionAudience: string;
  readonly #key: Promise<CryptoKey> | undefined;
  readonly #alg: OAuthSigningAlg;
  readonly #kid: string | undefined;

  constructor(config: OAuthConfig, options?: OAuthAdapterOptions) {
    const { mode = 'client-credentials', authMethod = 'client_secret_jwt' } = config ?? {};
    if (mode !== 'client-credentials') {
      throw new ConfigurationError({
        message: `OAUTH_MODE ${mode} is not supported`,
        variable: 'OAUTH_MODE',
      });
    }
    const assertionAudience = config?.assertionAudience ?? String(config?.tokenUrl ?? '');
    super(config, options, {
      profile: OAUTH,
      audience: config?.audience,
      details: { mode, authMethod, audience: config?.audience, assertionAudience },
      requiresSecret: authMethod !== 'private_key_jwt',
    });
    this.assertionAudience = assertionAudience;
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

  protected async buildForm({ request, clientSecret }: AttemptState): Promise<FormFields> {
    const key: ClientAssertionKey =
      this.#key === undefined
        ? { secret: clientSecret }
        : { alg: this.#alg, privateKey: await this.#key };
    const assertion = await this.assertion({
      ...key,
      kid: this.#kid,
      agentId: request.agentId,
      audience: this.assertionAudience,
      act: request.act,
      event: 'oauth_client_assertion_created',
    });
    const fields: FormFields = [['scope', request.scope.join(' ')]];
    const audience: FormFields = this.audience === undefined ? [] : [['audience', this.audience]];
    return jwtBearerForm([...fields, ...audience], assertion);
  }
}
