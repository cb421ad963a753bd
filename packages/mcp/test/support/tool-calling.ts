import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import { withDualAuthTool } from '../../src/tools/with-dual-auth-tool.js';

/** The token every tool call of {@link toolCalling} gets. */
export const toolToken: DualSubjectToken = {
  accessToken: 'access.token.1',
  tokenType: 'Bearer',
  expiresIn: 300,
  scope: 'finance.read',
  expiresAt: 2_000_000_000_000,
  actAssertion: 'act.assertion.1',
};

/**
 * A tool on `https://api.example.com` that calls `url` and returns the answer's status. The API
 * is a stand-in fetch answering `answer()` and recording each URL in `seen`: what matters is what
 * the wrapper makes of its answers.
 */
export function toolCalling(url: string, answer: () => Response, seen: string[] = []) {
  const tokenProvider = (): TokenProvider =>
    ({
      identity: { agentId: 'finance-agent', humanId: 'u-1' },
      getToken: async () => toolToken,
    }) as TokenProvider;
  return withDualAuthTool(
    {
      origin: 'https://api.example.com',
      tokenRequest: { tokenProvider },
      agentId: 'finance-agent',
      scope: ['finance.read'],
      fetch: (async (input: RequestInfo | URL) => {
        seen.push(String(input));
        return answer();
      }) as typeof fetch,
    },
    async (_input: unknown, { callApi }) => (await callApi(url)).status,
  );
}
