import type { BareItem, Dictionary, List } from 'structured-headers';
import { parseDictionary, parseList } from 'structured-headers';

function seconds(value: BareItem | undefined): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function parsed<T>(parse: (text: string) => T, text: string): T | undefined {
  try {
    return parse(text);
  } catch {
    // Malformed RateLimit fields are ignored (draft-ietf-httpapi-ratelimit-headers-11 §7).
    return undefined;
  }
}

/**
 * The current draft's `RateLimit: "policy";r=0;t=30` (a List): the longest `t` of the policies
 * with no quota left (`r=0`).
 */
function serviceLimitWait(list: List): number | undefined {
  let wait: number | undefined;
  for (const [value, parameters] of list) {
    if (Array.isArray(value)) continue;
    const t = seconds(parameters.get('t'));
    if (seconds(parameters.get('r')) === 0 && t !== undefined) wait = Math.max(wait ?? 0, t);
  }
  return wait;
}

/** Drafts -07 and -08: `RateLimit: limit=10, remaining=0, reset=30` (a Dictionary). */
function dictionaryWait(dictionary: Dictionary): number | undefined {
  const remaining = dictionary.get('remaining');
  const reset = dictionary.get('reset');
  if (reset === undefined || Array.isArray(reset[0])) return undefined;
  if (remaining !== undefined && !Array.isArray(remaining[0]) && remaining[0] !== 0) {
    return undefined;
  }
  return seconds(reset[0] as BareItem);
}

/**
 * Reads the IETF `RateLimit` field (a Structured Field, RFC 9651, parsed by `structured-headers`)
 * into the seconds it asks to wait: the current draft's List (`"default";r=0;t=30`: the longest
 * `t` of the policies with `r=0`) or the Dictionary of drafts -07/-08 (`limit=10, remaining=0,
 * reset=30`). `undefined` when it asks for no wait or cannot be read (a malformed field is
 * ignored, draft-ietf-httpapi-ratelimit-headers-11 §7).
 *
 * Opt-in, so that the parser is bundled only where it is used: pass it as `retry.rateLimitField`
 * to an adapter or an API call, or as the third argument of `requestedWaitMs`.
 *
 * @param field The `RateLimit` header's value.
 * @example
 * const adapter = new KeycloakAdapter(config, { retry: { rateLimitField: ietfRateLimitField } });
 */
export function ietfRateLimitField(field: string): number | undefined {
  const list = parsed(parseList, field);
  if (list !== undefined) return serviceLimitWait(list);
  const dictionary = parsed(parseDictionary, field);
  return dictionary === undefined ? undefined : dictionaryWait(dictionary);
}
