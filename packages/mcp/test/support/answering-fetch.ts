import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import { dualAuthFetch } from '../../src/client/dual-auth-fetch.js';

/** The origin of the MCP server that {@link dualAuthFetchAnswering} stands in for. */
export const ANSWERING_MCP = 'https://mcp.example.com';

const token = {
  accessToken: 'access.token.1',
  tokenType: 'Bearer',
  expiresIn: 300,
  scope: 'finance.read',
  expiresAt: 2_000_000_000_000,
} as DualSubjectToken;

const provider: TokenProvider = {
  identity: { agentId: 'finance-agent', humanId: 'u-1' },
  getToken: async () => token,
};

/** A `dualAuthFetch` (no metadata read, one fixed token) whose every request `answer` answers. */
export function dualAuthFetchAnswering(answer: () => Response): typeof fetch {
  return dualAuthFetch({
    resourceMetadata: 'off',
    origin: ANSWERING_MCP,
    tokenProvider: provider,
    fetch: (async () => answer()) as typeof fetch,
  });
}
