import type { DualSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { dpopKey } from '../../../client/test/dpop-api.js';
import { dpopProver } from './dpop-prover.js';

const token: DualSubjectToken = {
  accessToken: 'opaque-dpop-token',
  tokenType: 'DPoP',
  expiresIn: 300,
} as DualSubjectToken;

/**
 * The headers the wrapped `send` was given. A recording `send` rather than a server: what is
 * checked is the `init` the prover hands on, before any runtime's fetch normalizes it.
 */
async function headersSent(headers: HeadersInit): Promise<Headers> {
  const { proof } = await dpopKey();
  const prover = dpopProver({ dpopProof: proof });
  let seen: RequestInit | undefined;
  const send = (async (_input: URL | Request, init?: RequestInit) => {
    seen = init;
    return new Response(null, { status: 204 });
  }) as typeof fetch;
  const proving = prover?.(token, send);
  await proving?.(new URL('https://mcp.example.com/mcp'), { method: 'POST', headers });
  return new Headers(seen?.headers);
}

describe('dpopProver', () => {
  it.each([
    ['a Headers instance', new Headers({ 'X-Trace': 't-1', DPoP: 'callers-own' })],
    [
      'an array of pairs',
      [
        ['X-Trace', 't-1'],
        ['DPoP', 'callers-own'],
      ] as [string, string][],
    ],
    ['a record', { 'X-Trace': 't-1', DPoP: 'callers-own' }],
  ])(
    'keeps the entries of %s beside the new proof, which replaces any DPoP header',
    async (_, headers) => {
      const sent = await headersSent(headers);
      expect(sent.get('x-trace')).toBe('t-1');
      const dpop = sent.get('dpop');
      expect(dpop).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(dpop).not.toContain('callers-own');
    },
  );
});
