/** An agent (OAuth client) registered at the local IdP. */
export interface LocalIdpAgent {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Realm roles (Keycloak) or app roles (Entra ID), e.g. `FinanceAgent`. */
  readonly roles: readonly string[];
  /** Auth0 API permissions granted to the client, e.g. `read:finance-data`. */
  readonly permissions: readonly string[];
  /** Scopes the client may be granted (Keycloak, Okta), e.g. `finance.read`. */
  readonly scopes: readonly string[];
  /** Keycloak service-account user id and Entra ID service-principal object id (a UUID). */
  readonly objectId: string;
  /** Public key for `private_key_jwt`; an agent with one authenticates only that way. */
  readonly publicJwk?: JsonWebKey;
}

/** A human (end user) known to the local IdP; the resource server decides on their roles. */
export interface LocalIdpHuman {
  /** The IdP user id that goes into `act.sub`. */
  readonly sub: string;
  readonly username: string;
  /** Entra ID user object id. */
  readonly oid?: string;
  readonly email?: string;
  readonly name?: string;
  readonly roles: readonly string[];
}

/** What {@link LocalIdp.addAgent} takes; missing fields get defaults. */
export interface AgentInput {
  readonly clientId: string;
  /** Default: 43 random base64url characters. */
  readonly clientSecret?: string;
  readonly roles?: readonly string[];
  readonly permissions?: readonly string[];
  readonly scopes?: readonly string[];
  readonly objectId?: string;
  readonly publicJwk?: JsonWebKey;
}

/** What {@link LocalIdp.addHuman} takes. */
export interface HumanInput {
  readonly sub: string;
  readonly username?: string;
  readonly oid?: string;
  readonly email?: string;
  readonly name?: string;
  readonly roles?: readonly string[];
}

/** The agent role, permission and scope of the IdP guides. */
export const FINANCE_AGENT = {
  role: 'FinanceAgent',
  permission: 'read:finance-data',
  scope: 'finance.read',
} as const;
/** The human role of the IdP guides. */
export const FINANCE_USER = 'FinanceUser';

/** Agents and humans of a local IdP, mutable while it runs. */
export class LocalIdpDirectory {
  readonly #agents = new Map<string, LocalIdpAgent>();
  readonly #humans = new Map<string, LocalIdpHuman>();

  /** All agents, by client id. */
  get agents(): ReadonlyMap<string, LocalIdpAgent> {
    return this.#agents;
  }

  /** All humans, by `sub`. */
  get humans(): ReadonlyMap<string, LocalIdpHuman> {
    return this.#humans;
  }

  /** Registers (or replaces) an agent. */
  addAgent(input: AgentInput): LocalIdpAgent {
    if (typeof input?.clientId !== 'string' || input.clientId === '') {
      throw new TypeError('addAgent: clientId must be a non-empty string');
    }
    if (input.clientSecret !== undefined && typeof input.clientSecret !== 'string') {
      throw new TypeError('addAgent: clientSecret must be a string');
    }
    const agent: LocalIdpAgent = {
      clientId: input.clientId,
      clientSecret: input.clientSecret ?? randomSecret(),
      roles: stringList(input.roles, 'roles'),
      permissions: stringList(input.permissions, 'permissions'),
      scopes: stringList(input.scopes, 'scopes'),
      objectId: input.objectId ?? globalThis.crypto.randomUUID(),
      ...(input.publicJwk === undefined ? {} : { publicJwk: input.publicJwk }),
    };
    this.#agents.set(agent.clientId, agent);
    return agent;
  }

  /** Registers (or replaces) a human. */
  addHuman(input: HumanInput): LocalIdpHuman {
    if (typeof input?.sub !== 'string' || input.sub === '') {
      throw new TypeError('addHuman: sub must be a non-empty string');
    }
    const human: LocalIdpHuman = {
      sub: input.sub,
      username: input.username ?? input.sub,
      roles: stringList(input.roles, 'roles'),
      ...(input.oid === undefined ? {} : { oid: input.oid }),
      ...(input.email === undefined ? {} : { email: input.email }),
      ...(input.name === undefined ? {} : { name: input.name }),
    };
    this.#humans.set(human.sub, human);
    return human;
  }

  /** The human whose `sub` or `oid` is `id`. */
  findHuman(id: string): LocalIdpHuman | undefined {
    return this.#humans.get(id) ?? [...this.#humans.values()].find((h) => h.oid === id);
  }

  /** Whether the human (by `sub` or `oid`) holds `role` (default `FinanceUser`). */
  isHumanAuthorized(id: string, role: string = FINANCE_USER): boolean {
    return this.findHuman(id)?.roles.includes(role) ?? false;
  }

  /** Whether the agent holds `role` (default `FinanceAgent`). */
  isAgentAuthorized(clientId: string, role: string = FINANCE_AGENT.role): boolean {
    return this.#agents.get(clientId)?.roles.includes(role) ?? false;
  }
}

function stringList(value: readonly string[] | undefined, name: string): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new TypeError(`${name} must be an array of strings`);
  }
  return Object.freeze([...value]);
}

/** 43 random base64url characters (256 bits). @internal */
export function randomSecret(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
