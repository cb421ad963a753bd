import type { Act } from '../contracts/act.js';

/**
 * Checks an `act` claim before anything is signed or sent, with the reference's messages:
 * `Act claim cannot be empty`, `Act claim must contain 'sub' field`,
 * `Act claim 'sub' field cannot be empty`. Stricter than the reference: `act` must be a plain
 * object and `sub` a string. The act is the caller's argument, so a bad one is a `TypeError`
 * (Python raised `ValueError`); the message never contains the act's values.
 *
 * @throws TypeError when `act` is not an object with a non-empty string `sub`.
 * @example
 * validateAct({ sub: 'f1c7…', email: 'alice@example.com' }); // returns the act, typed
 */
export function validateAct(act: unknown): Act {
  if (act === undefined || act === null || act === '' || act === false) {
    throw new TypeError('Act claim cannot be empty');
  }
  if (typeof act !== 'object' || Array.isArray(act)) {
    throw new TypeError('Act claim must be an object');
  }
  if (Object.keys(act).length === 0) throw new TypeError('Act claim cannot be empty');
  if (!('sub' in act)) throw new TypeError("Act claim must contain 'sub' field");
  const { sub } = act as { sub: unknown };
  if (sub === undefined || sub === null || sub === '') {
    throw new TypeError("Act claim 'sub' field cannot be empty");
  }
  if (typeof sub !== 'string') throw new TypeError("Act claim 'sub' field must be a string");
  if (sub.trim() === '') throw new TypeError("Act claim 'sub' field cannot be empty");
  return act as Act;
}
