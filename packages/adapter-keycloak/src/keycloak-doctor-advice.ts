import type { DoctorAdvice, DoctorCheckId, DoctorFix } from '@dual-auth/core';
import { keycloakTokenProfile } from './keycloak-token-profile.js';

const ADMIN = 'https://www.keycloak.org/docs/latest/server_admin/index.html';
const DEDICATED = 'Clients → <agent client> → Client scopes → <agent client>-dedicated';

const FIXES: Readonly<Record<DoctorCheckId, DoctorFix>> = {
  'token-endpoint': {
    fix: 'KEYCLOAK_TOKEN_URL must be the realm’s token endpoint (…/realms/<realm>/protocol/openid-connect/token), reachable from here.',
    consolePath: 'Realm settings → General → Endpoints → OpenID Endpoint Configuration',
    docs: `${ADMIN}#con-oidc_server_administration_guide`,
  },
  'client-authentication': {
    fix: 'Set the agent client’s authenticator to "Signed Jwt with Client Secret" and copy its secret into AGENT_CLIENT_SECRET; Keycloak takes the realm URL or the token URL as the assertion audience.',
    consolePath: 'Clients → <agent client> → Credentials → Client Authenticator',
    docs: `${ADMIN}#_client-credentials`,
  },
  human: {
    fix: 'Add the protocol mapper that copies the client assertion’s "act" claim into the access token (Add to access token: on).',
    consolePath: `${DEDICATED} → Add mapper → By configuration`,
    docs: `${ADMIN}#_protocol-mappers`,
  },
  audience: {
    fix: 'Add an "Audience" mapper whose Included Client Audience is the API, so "aud" names it.',
    consolePath: `${DEDICATED} → Add mapper → By configuration → Audience`,
    docs: `${ADMIN}#_audience`,
  },
  scopes: {
    fix: 'Assign the API’s client scope to the agent client (Default, or Optional and requested).',
    consolePath: 'Clients → <agent client> → Client scopes → Add client scope',
    docs: `${ADMIN}#_client_scopes`,
  },
  'agent-role': {
    fix: 'Assign the realm role the API requires to the agent client’s service account.',
    consolePath: 'Clients → <agent client> → Service account roles → Assign role',
    docs: `${ADMIN}#_service_accounts`,
  },
  lifetime: {
    fix: 'Lower the access-token lifespan of the realm (or of the agent client) to what the API accepts.',
    consolePath: 'Realm settings → Tokens → Access Token Lifespan',
    docs: `${ADMIN}#_timeouts`,
  },
};

const DELEGATED: Readonly<Partial<Record<DoctorCheckId, DoctorFix>>> = {
  human: {
    fix: 'Enable Standard Token Exchange on the agent client, and let the human’s token be exchanged by it (its audience includes the agent client).',
    consolePath:
      'Clients → <agent client> → Settings → Capability config → Standard Token Exchange',
    docs: 'https://www.keycloak.org/securing-apps/token-exchange',
  },
};

/**
 * What to change in Keycloak when a `dual-auth doctor` check fails (Keycloak Server
 * Administration Guide: protocol mappers, client scopes, service accounts, token exchange).
 */
export const keycloakDoctorAdvice: DoctorAdvice = {
  tokenProfile: keycloakTokenProfile,
  // The account console's client: its audience resolve mapper adds it to every token of the realm
  // whose user holds its default roles (README: "Never let an API check `account`").
  sharedAudience: (audience) =>
    audience === 'account'
      ? 'Keycloak puts "account" (its account console) in every token of the realm, so a token meant for another API would pass; the API must check its own client id'
      : undefined,
  fixFor: (check, layout) => (layout === 'rfc8693' ? DELEGATED[check] : undefined) ?? FIXES[check],
};
