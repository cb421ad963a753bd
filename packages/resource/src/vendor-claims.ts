import type { Vendor } from '@dual-auth/core';
import type { JWTPayload } from 'jose';

/** Where one vendor's access token keeps the agent's id, roles and scopes. */
export interface VendorClaims {
  agentId(payload: JWTPayload): string | undefined;
  roles(payload: JWTPayload): string[];
  scopes(payload: JWTPayload): string[];
  /** The claims named in the error when the agent id is missing. */
  readonly agentIdClaim: string;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((part) => part.length > 0);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function unique(...lists: string[][]): string[] {
  return [...new Set(lists.flat())];
}

const AUTH0_CLIENT_SUFFIX = '@clients';

/** Each vendor's token shape, from its IdP guide (behaviour.md §8). */
export const VENDOR_CLAIMS: Readonly<Record<Vendor, VendorClaims>> = {
  keycloak: {
    agentIdClaim: 'azp',
    agentId: (p) => text(p.azp),
    roles: (p) => strings((p.realm_access as { roles?: unknown } | undefined)?.roles),
    scopes: (p) => strings(p.scope),
  },
  auth0: {
    agentIdClaim: 'azp',
    agentId: (p) => {
      const sub = text(p.sub);
      const fromSub = sub?.endsWith(AUTH0_CLIENT_SUFFIX)
        ? sub.slice(0, -AUTH0_CLIENT_SUFFIX.length)
        : undefined;
      return text(p.azp) ?? fromSub;
    },
    roles: () => [],
    scopes: (p) => unique(strings(p.permissions), strings(p.scope)),
  },
  okta: {
    agentIdClaim: 'cid',
    agentId: (p) => text(p.cid),
    roles: () => [],
    scopes: (p) => strings(p.scp),
  },
  entraid: {
    agentIdClaim: 'appid',
    agentId: (p) => text(p.appid) ?? text(p.azp),
    roles: (p) => strings(p.roles),
    scopes: (p) => strings(p.scp),
  },
};
