import type { TokenProvider } from '@dual-auth/core';
import { createActContext } from '@dual-auth/session/context';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dualAuthTool } from '../ai-sdk/dual-auth-tool.js';
import { withDualAuthTool } from './with-dual-auth-tool.js';

// A misspelled `context` was dropped without a word: the tool then acted for the human of the
// ambient `runWithAct` context instead of the one the caller meant.
const auth = {
  origin: 'https://api.example.com',
  tokenRequest: { tokenProvider: () => ({}) as TokenProvider },
  agentId: 'finance-agent',
  scope: ['finance.read'],
};
const context = createActContext();

describe('the tool wrappers refuse unknown options', () => {
  it('withDualAuthTool names context', () => {
    expect(() => withDualAuthTool({ ...auth, contxt: context } as never, async () => 1)).toThrow(
      /^withDualAuthTool: contxt is not an option \(did you mean context\?\)/,
    );
  });

  it('dualAuthTool (ai-sdk) names context, and takes its own description and inputSchema', () => {
    const own = { description: 'Balance', inputSchema: z.object({ account: z.string() }) };
    expect(() =>
      dualAuthTool({ ...own, ...auth, contxt: context } as never, async () => 1),
    ).toThrow(/^dualAuthTool: contxt is not an option \(did you mean context\?\)/);
    expect(() =>
      dualAuthTool({ ...own, ...auth, descripton: 'x' } as never, async () => 1),
    ).toThrow('did you mean description?');
    expect(() =>
      dualAuthTool(
        { ...own, ...auth, context, fetch, allowInsecureLoopback: false },
        async () => 1,
      ),
    ).not.toThrow();
  });
});
