import { type KnownOptions, readOptions, requireValue } from '@dual-auth/core';
import type { HopCheck, SubjectCheck } from './authorize.js';
import type { DualSubject, HumanSubject } from './dual-subject.js';

function assertName(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${name} must be a non-empty string`);
  }
}

/**
 * A list of ids: an array, a `Set` or another iterable of strings, never one string (split a
 * comma-separated one first). A string is an `Iterable<string>`, and a set of its characters would
 * allow every one-character id in it ('a', '5', ','): `& object` refuses it at compile time, the
 * checks at run time (JavaScript callers, casts).
 */
type IdList = Iterable<string> & object;

// The ids of a fixed list, as a set. Refuses one string and anything that is not an iterable of
// non-empty strings (an unset variable, split with `?.`).
function idSet(ids: unknown, call: string): ReadonlySet<string> {
  if (
    typeof ids === 'string' ||
    typeof (ids as Partial<Iterable<unknown>> | null | undefined)?.[Symbol.iterator] !== 'function'
  ) {
    const got =
      ids == null
        ? `${ids} (an unset variable?)`
        : `${typeof ids === 'object' ? 'an' : 'a'} ${typeof ids}`;
    throw new TypeError(
      `${call} takes a list of ids (an array or another iterable of strings), got ${got}: ${call}(['id']); split a comma-separated variable first: ${call}(value.split(','))`,
    );
  }
  const set = new Set(ids as Iterable<unknown>);
  for (const id of set) {
    if (typeof id !== 'string' || id.length === 0) {
      throw new TypeError(`${call}: every id must be a non-empty string`);
    }
  }
  return set as ReadonlySet<string>;
}

// The agent's `list` holds `name`; refused with `<list>_not_in_token` when the token does not
// record that list for the agent (`AgentSubject.unknownGrants`).
function agentGrants(list: 'roles' | 'scopes', name: string): SubjectCheck {
  return ({ subject }) =>
    subject.agent.unknownGrants?.includes(list) === true
      ? { allowed: false, reason: `${list}_not_in_token` }
      : subject.agent[list].includes(name);
}

/**
 * Agent check: the access token grants the agent `role`. Roles are Keycloak `realm_access.roles`
 * and Entra ID app `roles` (e.g. `FinanceAgent`) of the agent's own token (legacy layout); Auth0
 * and Okta tokens carry scopes instead. In the `rfc8693` layout the token is the human's and its
 * roles are the human's (Entra `roles`, Keycloak `realm_access.roles`): no IdP records the agent's
 * roles there, so the check refuses with reason `roles_not_in_token` (the audit record's
 * `policy_basis` says `agent:roles_not_in_token`). Authorize such an agent by its id with
 * {@link agentIn}, or look it up in the IdP's client registry (docs/token-layouts.md).
 *
 * @example
 * agentAllowed: agentHasRole('FinanceAgent') // Keycloak, Entra ID (legacy layout)
 */
export function agentHasRole(role: string): SubjectCheck {
  assertName(role, 'role');
  return agentGrants('roles', role);
}

/**
 * Agent check: the access token grants the agent `scope`. Scopes are Auth0 `permissions` and
 * `scope`, Okta `scp`, Keycloak `scope`, Entra ID delegated `scp`. In the `rfc8693` layout only the
 * claims the profile names in `rfc8693AgentGrantClaims` count (Keycloak `scope`: the requesting
 * client's client scopes; Entra `scp`: the delegated permissions granted to the agent
 * application; OAuth `scope`); where the profile names none (Auth0, whose `scope` and
 * `permissions` are the user's RBAC permissions; Okta) the check refuses with reason
 * `scopes_not_in_token`: authorize such an agent by its id with {@link agentIn}.
 *
 * @example
 * agentAllowed: agentHasScope('read:finance-data') // Auth0
 * agentAllowed: agentHasScope('finance.read')      // Okta
 */
export function agentHasScope(scope: string): SubjectCheck {
  assertName(scope, 'scope');
  return agentGrants('scopes', scope);
}

/** Options of {@link agentIn}, {@link humanIn} and {@link actorIn}. */
export interface IdListOptions {
  /**
   * The issuer (`iss`, as the guard's `issuer` names it) whose ids the list holds, or several: a
   * token of any other issuer fails the check. Ids are unique only within their issuer (another
   * Keycloak realm or tenant may name a client or a user the same), so a guard whose `issuer`
   * names issuers of several identity providers (every issuer is one, on one host too, but an
   * Entra tenant's v1 and v2 issuers) refuses at creation an id list without one (`TypeError`).
   * Give several issuers only when they share one directory.
   */
  issuer?: string | readonly string[];
}

const ID_LIST_OPTIONS = { issuer: true } as const satisfies KnownOptions<IdListOptions>;

/** An id-list check as made: the call (`humanIn`) and the issuers it was scoped to, if any. */
export interface IdListMade {
  readonly call: string;
  readonly issuers: ReadonlySet<string> | undefined;
}

// Each id-list check, with what made it.
const idLists = new WeakMap<object, IdListMade>();

function issuersOf(
  given: IdListOptions | undefined,
  call: string,
): ReadonlySet<string> | undefined {
  if (given === undefined) return undefined;
  requireValue(given, `${call}'s options`, 'object');
  const { issuer } = readOptions(given, ID_LIST_OPTIONS, call);
  if (issuer === undefined) return undefined;
  const list: readonly unknown[] = typeof issuer === 'string' ? [issuer] : issuer;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((one) => typeof one !== 'string' || one === '')
  ) {
    throw new TypeError(
      `${call}: options.issuer must be an issuer (a non-empty string) or a non-empty list of them`,
    );
  }
  return new Set(list as readonly string[]);
}

// One id-list check: `matches` asks the list; with an issuer, a token of another issuer fails first.
function idListCheck<State extends { subject: DualSubject }>(
  ids: unknown,
  given: IdListOptions | undefined,
  call: string,
  matches: (
    allowed: ReadonlySet<string>,
    state: State,
    issuers: ReadonlySet<string> | undefined,
  ) => boolean,
): (state: State) => boolean {
  const allowed = idSet(ids, call);
  const issuers = issuersOf(given, call);
  const check =
    issuers === undefined
      ? (state: State) => matches(allowed, state, issuers)
      : (state: State) =>
          issuers.has(state.subject.agent.raw.iss as string) && matches(allowed, state, issuers);
  idLists.set(check, { call, issuers });
  return check;
}

/** What made `check` when it is an id list (`humanIn`, `agentIn`, `actorIn`); else `undefined`. */
export function idListOf(check: unknown): IdListMade | undefined {
  return typeof check === 'function' ? idLists.get(check) : undefined;
}

/**
 * Refuses a list of agents or humans (`agentIn`, `humanIn`, or one wrapped by `cachedCheck`) given
 * as `hopAllowed`: it typechecks there (a check of the subject takes a hop check's state) but reads
 * no actor, so every actor of a chain would pass behind a listed agent or human.
 *
 * @throws TypeError naming the option and saying to list the actors with `actorIn`.
 */
export function refuseSubjectListAsHop(hopAllowed: unknown, name: string): void {
  const call = idListOf(hopAllowed)?.call;
  if (call !== undefined && call !== 'actorIn') {
    throw new TypeError(
      `${name} is ${call}([…]), a check of the ${call === 'agentIn' ? 'agent' : 'human'} alone: every actor of the chain would pass it; list the actors with actorIn(ids)`,
    );
  }
}

/**
 * Marks `wrapper` (a check made of `check`, as {@link cachedCheck} makes) as the id list `check`
 * is, if it is one: a guard's and a tool rule's issuer checks then see through the wrapper.
 */
export function carryIdList<Check extends object>(check: unknown, wrapper: Check): Check {
  const made = idListOf(check);
  if (made !== undefined) idLists.set(wrapper, made);
  return wrapper;
}

/**
 * Agent check against a fixed list of agent ids: the OAuth client of a legacy token, the acting
 * agent (`act.sub`, the token's client) of an `rfc8693` one. The agent rule of the `rfc8693`
 * layout, whose token records the human's grants, not the agent's.
 *
 * @param ids - An array, a `Set` or another iterable of ids; one string does not typecheck (its
 *   characters would be the ids): split a comma-separated one first.
 * @param options - `issuer`: the issuer whose ids `ids` are ({@link IdListOptions}); required by a
 *   guard trusting several identity providers.
 * @throws TypeError for `ids` that is no iterable of non-empty strings: one string (given through
 *   a cast or from JavaScript), `undefined` (an unset variable); an `issuer` that is no non-empty
 *   string or list of them, or another option.
 * @example
 * agentAllowed: agentIn(['finance-agent'])
 */
export function agentIn(ids: IdList, options?: IdListOptions): SubjectCheck {
  return idListCheck(ids, options, 'agentIn', (allowed, { subject }) =>
    allowed.has(subject.agent.id),
  );
}

/**
 * Human check against a fixed list of user ids: matches the id the audit record names the human
 * by, its `oid` where the token shows one (Entra ID's object id, {@link HumanSubject.oid}; never
 * a copied `act.oid`), else its `sub`. An Entra human is listed by object id, never by UPN: an
 * agent application writes both in its act assertion, and a listed UPN beside another user's
 * `oid` would pass for one person while the API serves the other.
 *
 * @param ids - An array, a `Set` or another iterable of ids; one string does not typecheck (its
 *   characters would be the ids): split a comma-separated one first.
 * @param options - `issuer`: the issuer whose ids `ids` are ({@link IdListOptions}); required by a
 *   guard trusting several identity providers.
 * @throws TypeError for `ids` that is no iterable of non-empty strings: one string (given through
 *   a cast or from JavaScript), `undefined` (an unset variable); an `issuer` that is no non-empty
 *   string or list of them, or another option.
 * @example
 * humanAllowed: humanIn(['6f1c…-uuid-of-alice'])
 */
export function humanIn(ids: IdList, options?: IdListOptions): SubjectCheck {
  return idListCheck(
    ids,
    options,
    'humanIn',
    // One id per human: the one the audit names. An Entra act assertion's UPN and oid are both
    // the agent application's text, so a UPN listed beside another user's oid must not pass.
    (allowed, { subject }) => allowed.has(subject.human.oid ?? subject.human.sub),
  );
}

/**
 * Hop check against a fixed list of actor ids, for `hopAllowed`: every actor of a delegation
 * chain (the agent calling and each earlier one) must be one of `ids`. An actor naming its own
 * issuer (`act.iss`, RFC 8693 §4.1: its `sub` is then that issuer's id) passes only when that is
 * the token's `iss` or, with `options.issuer`, one of the issuers listed there: another IdP may
 * name a client of its own as a listed id. An `act.iss` that is not a string fails.
 *
 * @param ids - An array, a `Set` or another iterable of ids; one string does not typecheck (its
 *   characters would be the ids): split a comma-separated one first.
 * @param options - `issuer`: the issuer whose ids `ids` are ({@link IdListOptions}); required by a
 *   guard trusting several identity providers.
 * @throws TypeError for `ids` that is no iterable of non-empty strings: one string (given through
 *   a cast or from JavaScript), `undefined` (an unset variable); an `issuer` that is no non-empty
 *   string or list of them, or another option.
 * @example
 * hopAllowed: actorIn(['planner-agent', 'finance-agent'])
 */
export function actorIn(ids: IdList, options?: IdListOptions): HopCheck {
  return idListCheck(
    ids,
    options,
    'actorIn',
    (allowed, { subject, hop }, issuers) =>
      allowed.has(hop.id) && actorOfListIssuer(hop.raw.iss, subject.agent.raw.iss, issuers),
  );
}

// RFC 8693 §4.1: an actor's `iss` makes its `sub` an id of that issuer. An actor without one is
// the token's issuer's; one naming another issuer is listed only by a list scoped to it (or, for
// a list without `issuer`, never: its ids are the token issuer's).
function actorOfListIssuer(
  actorIssuer: unknown,
  tokenIssuer: unknown,
  issuers: ReadonlySet<string> | undefined,
): boolean {
  if (actorIssuer === undefined) return true;
  if (typeof actorIssuer !== 'string') return false;
  return issuers === undefined ? actorIssuer === tokenIssuer : issuers.has(actorIssuer);
}

/** What a role lookup is given. */
export interface HumanRolesLookupState {
  human: HumanSubject;
  /** The token profile's vendor name. */
  vendor: string;
  /**
   * The token's verified `iss`: ids are unique only within their issuer, so a guard trusting
   * several IdPs (Keycloak realms, tenants) looks the human up in this issuer's directory.
   */
  issuer: string;
  /**
   * Pass it to the directory call: it aborts when the request (every request sharing it) is gone,
   * or at the checks' deadline. Always given (the check's own `signal`).
   */
  signal: AbortSignal;
}

/**
 * Looks up a human's roles in the IdP or a database (Keycloak admin API, Auth0 Management API, …).
 * Answers `[]` for a human the directory does not know (the admin API's 404): that is a human
 * without roles, refused with 403. Throws only when the directory cannot answer (down, 5xx,
 * timeout): the request then gets 503 with `Retry-After`, and a throw for an unknown human would
 * tell callers which humans exist (503 vs 403).
 */
export type HumanRolesLookup = (state: HumanRolesLookupState) => Promise<readonly string[]>;

/**
 * Human check: the IdP (or your database) gives the human `role`. The human is never authorized by
 * the token alone: the IdP copies whatever `act` the agent asserts. Wrap it in {@link cachedCheck}
 * to avoid one lookup per request. A lookup that throws refuses the request with 503
 * (`human_check_unavailable`, `Retry-After: 5`: try again), never as a verdict on the human; so
 * answer `[]` for a human the directory does not know, and throw only for an outage.
 *
 * @example
 * humanAllowed: cachedCheck(
 *   humanHasRole('FinanceUser', async ({ human }) => (await directory.rolesOf(human.sub))),
 *   { ttlMs: 60_000, key: 'human' },
 * )
 */
export function humanHasRole(role: string, lookupRoles: HumanRolesLookup): SubjectCheck {
  assertName(role, 'role');
  requireValue(lookupRoles, 'lookupRoles', 'function');
  return async ({ subject, signal }) => {
    const { human, vendor } = subject;
    const issuer = String(subject.agent.raw.iss);
    const roles = await lookupRoles({ human, vendor, issuer, signal });
    return Array.isArray(roles) && roles.includes(role);
  };
}
