// The log-redaction helpers @dual-auth/core exports, as exported: each checks its arguments, then
// runs core's own helper, which core calls unchecked. A wrong argument is a TypeError naming it:
// never "Cannot read properties of undefined" from inside, never a text passed on unredacted
// because the people to hide were given as one string rather than an array.
import { requireValue } from '../config/check-option.js';
import { requireArray, requireUrl } from '../config/require-argument.js';
import {
  actForLogging as actUnchecked,
  redactQuotedCredentials as redactUnchecked,
  urlRouteForLogging as urlRouteUnchecked,
} from './redact.js';
import {
  routeForLogging as routeUnchecked,
  routeTemplateForLogging as templateUnchecked,
} from './route-for-logging.js';
import { withoutPersonalText as withoutUnchecked } from './without-personal-text.js';

/**
 * `text` with every email address, and each of `people`, replaced; see without-personal-text.ts.
 *
 * @throws TypeError when `text` is not a string or `people` not an array of strings.
 */
export const withoutPersonalText: typeof withoutUnchecked = (text, people) =>
  withoutUnchecked(
    requireValue(text, 'text', 'string'),
    people === undefined ? people : requireArray(people, 'people'),
  );

/**
 * A request path as logged: segments that may name a person or hold a credential redacted.
 *
 * @throws TypeError when `path` is not a string.
 */
export const routeForLogging: typeof routeUnchecked = (path) =>
  routeUnchecked(requireValue(path, 'path', 'string'));

/**
 * A route template as logged; see route-for-logging.ts.
 *
 * @throws TypeError when `template` is not a string.
 */
export const routeTemplateForLogging: typeof templateUnchecked = (template, source) =>
  templateUnchecked(requireValue(template, 'template', 'string'), source);

/**
 * A URL's origin and redacted path ({@link routeForLogging}), without query and fragment.
 *
 * @throws TypeError when `url` is not a URL.
 */
export const urlRouteForLogging: typeof urlRouteUnchecked = (url) => {
  requireUrl(url, 'url');
  return urlRouteUnchecked(url);
};

/**
 * `text` with quoted credentials (Authorization values, JWTs, secret fields) redacted.
 *
 * @throws TypeError when `text` is not a string.
 */
export const redactQuotedCredentials: typeof redactUnchecked = (text) =>
  redactUnchecked(requireValue(text, 'text', 'string'));

/**
 * The loggable view of a human (`human_id` and which claims were present), never email or name.
 *
 * @throws TypeError when `act` is not an object.
 */
export const actForLogging: typeof actUnchecked = (act) => {
  requireValue(act, 'act', 'object');
  return actUnchecked(act);
};
