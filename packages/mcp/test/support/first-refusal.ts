import type { DualSubjectToken } from '@dual-auth/core';
import { dualAuthFetch } from '../../src/client/dual-auth-fetch.js';

/** An opaque token: only whether one was asked for matters to these tests. */
const opaqueToken: DualSubjectToken = {
  accessToken: 'opaque-token',
  tokenType: 'Bearer',
  expiresIn: 300,
  expiresAt: 2_000_000_000_000,
  scope: 'finance.read',
};

/**
 * What the first call to `${origin}/mcp` through a dualAuthFetch sending with `fetch` (the global
 * one when `undefined`) was refused with, and how many tokens it asked for.
 */
export async function firstRefusal(
  origin: string,
  fetch: typeof globalThis.fetch | undefined,
  options: { resourceMetadataUrl?: string } = {},
): Promise<{ error: (Error & { reason?: string }) | undefined; asked: number }> {
  let asked = 0;
  const send = dualAuthFetch({
    origin,
    tokenProvider: {
      getToken: async () => {
        asked++;
        return opaqueToken;
      },
    },
    ...(fetch === undefined ? {} : { fetch }),
    ...options,
  });
  const error = await send(`${origin}/mcp`).then(
    () => undefined,
    (refused: Error & { reason?: string }) => refused,
  );
  return { error, asked };
}
