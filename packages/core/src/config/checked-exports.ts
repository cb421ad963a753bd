// The configuration helpers core's entries export, as exported: each checks its arguments, then
// runs core's own helper. A wrong argument is a TypeError naming it and what to pass, never
// "Cannot convert undefined or null to object" or "candidates is not iterable" from inside.

import { requireValue } from './check-option.js';
import { closestName as closestUnchecked } from './closest-name.js';
import { envVariable as envVariableUnchecked } from './env-variable.js';
import { requireArray } from './require-argument.js';

/**
 * The variable `name` of `env`, own properties only.
 *
 * @throws TypeError when `env` is not an object or `name` not a string.
 */
export const envVariable: typeof envVariableUnchecked = (env, name) =>
  envVariableUnchecked(
    requireValue(env, 'env', 'object') as typeof env,
    requireValue(name, 'name', 'string'),
  );

/**
 * The candidate nearest `name` within `maxDistance` edits, for a "did you mean" hint.
 *
 * @throws TypeError when `name` is not a string or `candidates` not an array of strings.
 */
export const closestName: typeof closestUnchecked = (name, candidates, maxDistance) =>
  closestUnchecked(
    requireValue(name, 'name', 'string'),
    requireArray(candidates, 'candidates'),
    maxDistance,
  );
