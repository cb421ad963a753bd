import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TokenCacheKey } from '@dual-auth/core';

const run = promisify(execFile);

/** The AES-GCM key the token cache tests seal with (a fixed test value, no secret). */
export const TEST_ENCRYPTION_KEY = { id: 'k1', key: Buffer.alloc(32, 7).toString('base64') };

/** Runs `redis-cli -p <port> …args` and resolves its trimmed output: Redis as an operator sees it. */
export function redisCli(port: number): (...args: string[]) => Promise<string> {
  return async (...args) => (await run('redis-cli', ['-p', String(port), ...args])).stdout.trim();
}

/** The cache key of one human's finance token, for the finance agent. */
export function financeKey(sub: string): TokenCacheKey {
  return {
    adapterId: 'kc|https://idp.example/token|agent',
    agentId: 'finance-agent',
    sub,
    scope: ['finance.read'],
    audience: 'https://api.example.com/finance',
  };
}
