import type { Act } from '../contracts/act.js';
import { hasControlCharacters } from './has-control-characters.js';

/**
 * Longest `act.sub`, and longest `act.oid`, accepted: IdP user ids are far shorter (UUIDs, UPNs,
 * `auth0|…`; an Entra ID object id is a 36-character GUID). Both ids go into every audit record.
 */
export const MAX_ACT_SUB_LENGTH = 256;

/** What is wrong with an `act`: the claim at fault and a message without any of its values. */
export interface ActProblem {
  /** `act`, `act.sub`, `act.email`, `act.name`, `act.oid` or `act.act`. */
  readonly claim: string;
  /** True when there is no act at all (verifiers answer `missing_claim`, not `invalid_act`). */
  readonly missing: boolean;
  readonly message: string;
}

function problem(claim: string, message: string, missing = false): ActProblem {
  return { claim, message, missing };
}

/**
 * The one rule set of an `act` (the human) in dual-auth, for the act signed by a web app, put in
 * a client assertion, read from an act JWT, an access token or an act assertion:
 * - a plain, non-empty object;
 * - `sub` present, a string, not blank, at most {@link MAX_ACT_SUB_LENGTH} characters, without
 *   control, bidirectional or invisible format characters (`hasControlCharacters`);
 * - `email` and `name` strings when present; `oid`, when present, a string, not blank, held to the
 *   same length and character rules as `sub` (both are logged in every audit record);
 * - no nested `act`: here `act` names the human, who acts for no one (an RFC 8693 chain is read by
 *   `@dual-auth/resource` in its `rfc8693` layout, never through this claim).
 * Other claims pass through. Messages follow the reference (`Act claim cannot be empty`, …).
 *
 * @returns the first problem, or `undefined` for a valid act.
 * @example
 * findActProblem({ sub: '' }); // { claim: 'act.sub', message: "Act claim 'sub' field cannot be empty", … }
 */
export function findActProblem(act: unknown): ActProblem | undefined {
  if (act === undefined || act === null || act === '' || act === false) {
    return problem('act', 'Act claim cannot be empty', act === undefined);
  }
  if (typeof act !== 'object' || Array.isArray(act)) {
    return problem('act', 'Act claim must be an object');
  }
  if (Object.keys(act).length === 0) return problem('act', 'Act claim cannot be empty');
  if (!('sub' in act)) return problem('act.sub', "Act claim must contain 'sub' field");
  const { sub, email, name, oid } = act as Record<string, unknown>;
  if (sub === undefined || sub === null || sub === '') {
    return problem('act.sub', "Act claim 'sub' field cannot be empty");
  }
  if (typeof sub !== 'string') return problem('act.sub', "Act claim 'sub' field must be a string");
  if (sub.trim() === '') return problem('act.sub', "Act claim 'sub' field cannot be empty");
  if (sub.length > MAX_ACT_SUB_LENGTH) {
    return problem(
      'act.sub',
      `Act claim 'sub' field is longer than ${MAX_ACT_SUB_LENGTH} characters`,
    );
  }
  if (hasControlCharacters(sub)) {
    return problem('act.sub', "Act claim 'sub' field must not contain control characters");
  }
  for (const [claim, value] of [
    ['email', email],
    ['name', name],
  ] as const) {
    if (value !== undefined && typeof value !== 'string') {
      return problem(`act.${claim}`, `Act claim '${claim}' field must be a string`);
    }
  }
  if (oid !== undefined && (typeof oid !== 'string' || oid.trim() === '')) {
    return problem('act.oid', "Act claim 'oid' field must be a non-empty string");
  }
  if (typeof oid === 'string' && oid.length > MAX_ACT_SUB_LENGTH) {
    return problem(
      'act.oid',
      `Act claim 'oid' field is longer than ${MAX_ACT_SUB_LENGTH} characters`,
    );
  }
  if (typeof oid === 'string' && hasControlCharacters(oid)) {
    return problem('act.oid', "Act claim 'oid' field must not contain control characters");
  }
  if ('act' in act) {
    return problem('act.act', 'Act claim must not contain a nested act: it names the human');
  }
  return undefined;
}

/**
 * Checks an `act` claim before anything is signed or sent, by {@link findActProblem}'s rules and
 * with the reference's messages. The act is the caller's argument, so a bad one is a `TypeError`
 * (Python raised `ValueError`); the message never contains the act's values.
 *
 * @throws TypeError when `act` breaks one of the rules.
 * @example
 * validateAct({ sub: 'f1c7…', email: 'alice@example.com' }); // returns the act, typed
 */
export function validateAct(act: unknown): Act {
  const found = findActProblem(act);
  if (found !== undefined) throw new TypeError(found.message);
  return act as Act;
}
