import { ConfigurationError } from '../errors/configuration-error.js';

// A value whose first and last characters are the same quote: what a `.env` line `X="value"`
// becomes where nothing parses quotes (`docker run --env-file`, `kubectl create configmap
// --from-env-file`). No client id, tenant, audience, URL, path or store name is written so.
const WRAPPED_IN_QUOTES = /^(["']).*\1$/s;

/**
 * Refuses a setting that goes on the wire (as `refuseInvisibleCharacters` does) when, trimmed,
 * it begins and ends with the same quote, `"` or `'`: the quotes would be sent to `sentTo` as part
 * of it (the IdP then answers `invalid_client`, a URL does not parse) with nothing pointing at
 * them. The message names the variable, never the value.
 *
 * @param variable - The name the message gives: the environment variable or option it came from.
 * @param sentTo - Where the value goes, as the message says it. Default `'the IdP'`.
 * @throws ConfigurationError naming `variable`, saying to remove the quotes.
 * @example
 * refuseWrappingQuotes('AGENT_CLIENT_ID', '"finance-agent"'); // throws
 */
export function refuseWrappingQuotes(variable: string, value: string, sentTo = 'the IdP'): void {
  if (!WRAPPED_IN_QUOTES.test(value.trim())) return;
  throw new ConfigurationError({
    message: `${variable} is wrapped in quotes, which would be sent to ${sentTo}: remove them (docker --env-file keeps a .env file's quotes)`,
    variable,
  });
}
