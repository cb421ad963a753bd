import type {
  AdapterOptions,
  AttemptState,
  FormFields,
  VendorProfile,
} from '@dual-auth/core/adapter-kit';
import {
  BaseAdapter,
  JWT_BEARER_ASSERTION_TYPE,
  jwtBearerForm,
  requireConfigObject,
} from '@dual-auth/core/adapter-kit';
import { realmUrlOf } from './keycloak-audience-from-token-url.js';
import type { KeycloakConfig } from './keycloak-config.js';
import { keycloakTokenProfile } from './keycloak-token-profile.js';
import { KEYCLOAK_TOKEN_REVOCATION } from './keycloak-token-revocation.js';

const KEYCLOAK: VendorProfile = {
  vendor: 'keycloak',
  label: 'Keycloak',
  defaultExpiresInSeconds: 3600,
  messages: {
    byStatus: {
      400: 'Bad request to Keycloak - check client assertion format',
      401: 'Authentication failed - check client credentials',
      403: 'Access forbidden - check client permissions',
    },
    other: ({ status, errorType }) => `Keycloak error (${status}): ${errorType}`,
  },
  tokenUrlHint: {
    variable: 'KEYCLOAK_TOKEN_URL',
    shape: 'https://<host>/realms/<realm>/protocol/openid-connect/token',
  },
};

/** Options of {@link KeycloakAdapter}: the kit's (`fetch`, `clock`, `retry`, …). */
export type KeycloakAdapterOptions = AdapterOptions;

/**
 * Keycloak: `client_credentials` with a client assertion signed HS256 by the client secret
 * ("Signed Jwt with Client Secret"), carrying the human as `act`. Wire-identical to the reference:
 * body `grant_type, scope, client_assertion_type, client_assertion` (no `client_id`), `aud` =
 * `config.audience` or the realm URL cut from the token URL.
 *
 * Env (through `getConfig`): `KEYCLOAK_TOKEN_URL`, `AGENT_CLIENT_ID`, `AGENT_CLIENT_SECRET`.
 *
 * @example
 * const adapter = new KeycloakAdapter({
 *   vendor: 'keycloak',
 *   tokenUrl: 'https://kc.example/realms/agents/protocol/openid-connect/token',
 *   clientId: 'finance-agent',
 *   clientSecret,
 * });
 * const token = await adapter.requestToken({ agentId: 'finance-agent', act: { sub: userId }, scope: ['finance.read'] });
 */
export class KeycloakAdapter extends BaseAdapter {
  declare readonly audience: string;

  constructor(config: KeycloakConfig, options?: KeycloakAdapterOptions) {
    requireConfigObject(config, {
      className: 'KeycloakAdapter',
      example:
        "{ vendor: 'keycloak', tokenUrl: 'https://<host>/realms/<realm>/protocol/openid-connect/token', clientId, clientSecret }",
      // biome-ignore lint/complexity/noArguments: the arguments as given; the signature stays as documented
      args: arguments,
    });
    const audience =
      typeof config?.audience === 'string' && config.audience !== ''
        ? config.audience
        : realmUrlOf(String(config?.tokenUrl ?? ''));
    super(config, options, {
      profile: KEYCLOAK,
      // The client assertion carries act; the human's subject token never reaches the IdP.
      layout: 'legacy',
      issuedToken: {
        profile: keycloakTokenProfile,
        actSetting:
          'the client\'s protocol mapper that copies the client assertion\'s "act" into the access token (Add to access token: on)',
      },
      tokenRevocation: KEYCLOAK_TOKEN_REVOCATION,
      audience,
      details: { audience },
    });
  }

  protected async buildForm({ request, clientSecret }: AttemptState): Promise<FormFields> {
    const assertion = await this.assertion({
      agentId: request.agentId,
      audience: this.audience,
      act: request.act,
      secret: clientSecret,
      event: 'client_assertion_created',
    });
    return jwtBearerForm([['scope', request.scope.join(' ')]], assertion);
  }

  /** The same signed client assertion as a token request, without `act`. */
  protected override async revocationAuthentication(clientSecret: string): Promise<FormFields> {
    const assertion = await this.assertion({
      agentId: this.clientId,
      audience: this.audience,
      secret: clientSecret,
      event: 'client_assertion_created',
    });
    return [
      ['client_assertion_type', JWT_BEARER_ASSERTION_TYPE],
      ['client_assertion', assertion],
    ];
  }
}
