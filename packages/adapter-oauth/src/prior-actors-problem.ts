type Claims = Readonly<Record<string, unknown>>;

function actorOf(value: unknown): Claims | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Claims)
    : undefined;
}

// Where a token names the client it was issued to (RFC 9068 client_id, OIDC azp, Okta cid, Entra
// appid): the app the human signed in to.
const CLIENT_CLAIMS = ['client_id', 'azp', 'cid', 'appid'] as const;

/**
 * What is wrong with the earlier actors of an issued token's `act` (`act.act`, `act.act.act`, …)
 * against the subject token it was exchanged for: RFC 8693 §4.1 makes the nested `act` the token's
 * earlier actors, which in an exchange are the subject token's own chain, actor by actor (`sub`);
 * for a subject token without `act`, none, or the one client the human signed in to (its
 * `client_id`/`azp`/`cid`/`appid`), which Auth0's On-Behalf-Of exchange nests
 * (https://auth0.com/docs/secure/call-apis-on-users-behalf/on-behalf-of-token-exchange). A server
 * that adds, drops or renames one attributes the delegation to an agent that took no part in it
 * (or hides one that did), in what the API's audit and chain depth read.
 *
 * @param issuedAct the issued token's `act`, a chain `actChainProblem` found well-formed.
 * @param subject the subject token's claims.
 * @returns the problem, naming the claim at fault and never a value; `undefined` when they agree.
 * @example
 * priorActorsProblem({ sub: 'agent', act: { sub: 'other' } }, { sub: 'u-1', azp: 'web-app' });
 * // 'act.act is not in the subject token'
 */
export function priorActorsProblem(issuedAct: unknown, subject: Claims): string | undefined {
  let issued = actorOf(issuedAct)?.act;
  let earlier = subject.act;
  if (earlier === undefined && issued !== undefined) {
    const signedInTo = CLIENT_CLAIMS.map((name) => subject[name]).filter(
      (value) => typeof value === 'string' && value !== '',
    );
    const only = actorOf(issued);
    if (only?.act === undefined && signedInTo.includes(only?.sub)) return undefined;
  }
  for (let depth = 1; issued !== undefined || earlier !== undefined; depth += 1) {
    const path = `act${'.act'.repeat(depth)}`;
    if (issued === undefined) return `${path} of the subject token is missing`;
    if (earlier === undefined) return `${path} is not in the subject token`;
    const sent = actorOf(earlier)?.sub;
    if (typeof sent !== 'string' || actorOf(issued)?.sub !== sent) {
      return `${path}.sub is not the subject token's`;
    }
    issued = actorOf(issued)?.act;
    earlier = actorOf(earlier)?.act;
  }
  return undefined;
}
