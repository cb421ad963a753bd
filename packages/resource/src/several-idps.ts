import { idListOf } from './subject-checks.js';

// An issuer of Entra ID's form: `https://{host}/{tenant id}/` (v1) or `…/{tenant id}/v2.0` (v2).
const ENTRA_FORM =
  /^https:\/\/([^/]+)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(v2\.0)?$/i;
// The hosts of Entra ID's v1 (`sts`) and v2 (`login`) issuers in each of its cloud instances: the
// global cloud, Azure Government, Azure operated by 21Vianet
// (https://learn.microsoft.com/entra/identity-platform/authentication-national-cloud#microsoft-entra-authentication-endpoints).
// The same hosts as adapter-oauth's ENTRA_CLOUDS (packages/adapter-oauth/src/entra-clouds.ts), which
// this package cannot import: a cloud added there is added here.
const ENTRA_V1_HOSTS: ReadonlySet<string> = new Set(['sts.windows.net', 'sts.chinacloudapi.cn']);
const ENTRA_V2_HOSTS: ReadonlySet<string> = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

/**
 * How many identity providers `issuers` belong to, failing closed: each distinct issuer string
 * (compared exactly, as a guard compares a token's `iss` with its `issuer`) is its own IdP, on
 * one host too, since tenants, realms, user pools and authorization servers sharing a host have
 * their own users, clients and keys. The one exception: Entra ID's v1 and v2 issuers of one tenant
 * (`https://sts.windows.net/{tid}/` and `https://login.microsoftonline.com/{tid}/v2.0`, and their
 * national clouds' hosts) are one IdP, one directory signing with the same keys
 * (https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference#payload-claims).
 * An Okta org's authorization servers are not one IdP: Okta documents each, the org's own among
 * them, as having its own issuer and signing key, a boundary between security domains, whose
 * tokens cannot be mixed (https://developer.okta.com/docs/concepts/auth-servers/).
 *
 * A guard with one key set for issuers of several IdPs lets whoever holds one IdP's signing key
 * mint the others' tokens; an id list of such a guard without an issuer lets another IdP's admin
 * name a client or user of its own as a listed id.
 *
 * @example
 * idpCountOf(['https://sts.windows.net/<tid>/', 'https://login.microsoftonline.com/<tid>/v2.0']); // 1
 * idpCountOf(['https://kc.example/realms/a', 'https://kc.example/realms/b']); // 2
 * idpCountOf(['https://wso2.example/t/a/oauth2/token', 'https://wso2.example/t/b/oauth2/token']); // 2
 * idpCountOf(['https://acme.okta.com', 'https://acme.okta.com/oauth2/default']); // 2
 */
export function idpCountOf(issuers: readonly string[]): number {
  return new Set(issuers.map(idpOf)).size;
}

// The IdP an issuer names: an Entra tenant's issuers name its tenant id, any other its own string.
function idpOf(issuer: string): string {
  const [, host = '', tid, v2] = ENTRA_FORM.exec(issuer) ?? [];
  const hosts = v2 === undefined ? ENTRA_V1_HOSTS : ENTRA_V2_HOSTS;
  return tid !== undefined && hosts.has(host.toLowerCase())
    ? `entra:${tid.toLowerCase()}`
    : `issuer:${issuer}`;
}

/**
 * How {@link idpCountOf} counts, for the messages of the checks that use it: they tell the user
 * why issuers on one host are several IdPs.
 */
export const IDP_COUNT_RULE =
  "each issuer is one, on one host too, but an Entra tenant's v1 and v2 issuers";

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
      `${where}.${name} is ${call}([…]) without an issuer, and the guard's options.issuer names issuers of ${idps} identity providers (${IDP_COUNT_RULE}): ids are unique only within their issuer, so another tenant's client or user of the same id would pass; give ${call}(ids, { issuer }) the issuer whose ids it lists (a list of issuers only if they share one directory)`,
    );
  }
}
