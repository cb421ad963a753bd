import { ConfigurationError } from '@dual-auth/core';

// Whitespace anywhere (a space, a tab, a line break, a no-break space) and control or invisible
// format characters (the byte-order mark, zero-width ones). The WHATWG URL parser drops the
// surrounding ones, and tabs and line breaks within, without a word: the endpoint still parses
// while the `aud` signed, the string as given, matches no agent's `expectedAudience`.
const INEXACT = /[\s\p{Cc}\p{Cf}]/u;

/**
 * Refuses an act JWT audience (the sender's `agentEndpoint`, the verifier's `expectedAudience`)
 * that holds whitespace or an invisible character: `aud` is compared as an exact string (RFC 7519
 * §4.1.3), so such a value gets every act JWT refused as `wrong_audience`. A string only; other
 * types are the caller's to check. The message names `name`, never the value.
 *
 * @throws ConfigurationError naming `name`, saying to trim the value.
 */
export function refuseInexactAudience(value: unknown, name: string): void {
  if (typeof value === 'string' && INEXACT.test(value)) {
    throw new ConfigurationError({
      message: `${name} holds whitespace or an invisible character: the agent compares aud exactly and would refuse it as wrong_audience. Trim it (a line break read from a file or an environment variable)`,
      variable: name,
    });
  }
}
