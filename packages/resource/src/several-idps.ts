import { idListOf } from './subject-checks.js';

// A tenant id as Entra writes it in its issuers' first path segment (v1 `https://sts.windows.net/{tid}/`,
// v2 `https://login.microsoftonline.com/{tid}/v2.0`, in every cloud).
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// A Keycloak realm's issuer, `<base URL>/realms/<realm>` (its OIDC endpoints sit under
// `/realms/{realm-name}/`: https://www.keycloak.org/securing-apps/oidc-layers). Each
// realm has its own signing keys: realms on one host are distinct IdPs.
const KEYCLOAK_REALM = /^(.*\/realms\/[^/]+)\/?$/;

/**
 * How many identity providers `issuers` belong to, as far as their names tell: issuers on one host
 * are one IdP, except Keycloak realms (`https://host/realms/<realm>`, each with its own keys), and
 * so are issuers naming one tenant id as their first path segment (Entra ID's v1
 * and v2 issuers of a tenant, on different hosts, sign with the same keys:
 * https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims).
 * A guard with one key set for issuers of several IdPs lets whoever holds one IdP's signing key
 * mint the others' tokens.
 *
 * @example
 * idpCountOf(['https://sts.windows.net/<tid>/', 'https://login.microsoftonline.com/<tid>/v2.0']); // 1
 * idpCountOf(['https://kc.example/realms/a', 'https://other-idp.example']); // 2
 * idpCountOf(['https://kc.example/realms/a', 'https://kc.example/realms/b']); // 2
 */
export function idpCountOf(issuers: readonly string[]): number {
  const idps: Set<string>[] = [];
  for (const issuer of issuers) {
    const names = namesOf(issuer);
    const same = idps.filter((idp) => names.some((name) => idp.has(name)));
    const merged = new Set([...names, ...same.flatMap((idp) => [...idp])]);
    for (const idp of same) idps.splice(idps.indexOf(idp), 1);
    idps.push(merged);
  }
  return idps.length;
}

function namesOf(issuer: string): string[] {
  if (!URL.canParse(issuer)) return [`issuer:${issuer}`];
  const url = new URL(issuer);
  const realm = KEYCLOAK_REALM.exec(url.pathname)?.[1];
  if (realm !== undefined) return [`realm:${url.host}${realm}`];
  const first = url.pathname.split('/')[1] ?? '';
  return TENANT_ID.test(first)
    ? [`host:${url.host}`, `tenant:${first.toLowerCase()}`]
    : [`host:${url.host}`];
}

/** The checks of a guard or a tool rule that may be id lists. */
export type IdListChecks = Readonly<
  Partial<Record<'agentAllowed' | 'humanAllowed' | 'hopAllowed', unknown>>
>;

// Each guard's `issuer` option, for checks made outside it (an MCP tool rule).
const guardIssuers = new WeakMap<object, string | readonly string[]>();

/** Remembers the issuers `guard` trusts, for {@link refuseGuardIdLists}. */
export function rememberGuardIssuers(guard: object, issuers: string | readonly string[]): void {
  guardIssuers.set(guard, issuers);
}

/**
 * Refuses id lists (`humanIn(ids)`, `agentIn`, `actorIn`, also wrapped by `cachedCheck`) among
 * `checks` that the guard `guard` would refuse as its own (`refuseIdListIssuers`): for
 * checks applied after a guard's, on the subjects it verified (an MCP tool rule of
 * `@dual-auth/mcp`). A guard not made by `createDualAuthGuard` (or a middleware given options)
 * is not known here: nothing is refused. A check wrapped by your own function is not seen either.
 *
 * @param where - How the checks' owner is named in the error, e.g. `withToolRule 'pay': rule`.
 * @throws TypeError naming the check, the call and the `{ issuer }` to give it.
 */
export function refuseGuardIdLists(guard: object, checks: IdListChecks, where: string): void {
  const issuers = guardIssuers.get(guard);
  if (issuers !== undefined) refuseIdListIssuers(issuers, checks, where);
}

/**
 * Refuses, as a check of a guard trusting `issuers`, an id list (`humanIn(ids)`, `agentIn`,
 * `actorIn`) without an issuer when they belong to several identity providers ({@link idpCountOf}):
 * ids are unique only within their issuer, so another provider's admin could name a client or a
 * user of its own as the list's and pass the check, whatever keys verify each issuer's tokens. And
 * one scoped to none of `issuers`: a token's `iss` is one of them exactly, so another spelling (a
 * trailing slash, capitals) would match no token and refuse every listed id.
 *
 * @throws TypeError naming the option, the call and what to give it.
 */
export function refuseIdListIssuers(
  issuers: string | readonly string[],
  checks: IdListChecks,
  where = 'options',
): void {
  const trusted: readonly string[] = typeof issuers === 'string' ? [issuers] : issuers;
  for (const [name, check] of Object.entries(checks)) {
    const list = idListOf(check);
    if (list === undefined) continue;
    const { call } = list;
    if (list.issuers !== undefined) {
      if (trusted.some((issuer) => list.issuers?.has(issuer))) continue;
      throw new TypeError(
        `${where}.${name} is ${call}([…]) for an issuer the guard does not trust: give it one of the guard's options.issuer exactly (${trusted.join(', ')}); another spelling matches no token's iss`,
      );
    }
    const idps = idpCountOf(trusted);
    if (idps < 2) continue;
    throw new TypeError(
      `${where}.${name} is ${call}([…]) without an issuer, and the guard's options.issuer names issuers of ${idps} identity providers: ids are unique only within their issuer, so another provider's client or user of the same id would pass; give ${call}(ids, { issuer }) the issuer whose ids it lists`,
    );
  }
}
