import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { getDualSubject } from './dual-subject-auth-info.js';
import { type ToolExtra, withToolRule } from './tool-rule.js';

// Journey 10 (wave10/journey10): an MCP server's tool without input (`whoami`, `balance`: the
// README's own edge example registers `server.registerTool('whoami', {}, async (extra) => …)`),
// wrapped in `withToolRule` as the README's "Per-tool rule" says. It runs, but does not typecheck:
// `(extra) => …` is not assignable to `(...args: [...unknown[], { authInfo? }]) => …` ("Target
// allows only 1 element(s) but source may have more"), and `extra` is `unknown`. Every README
// example of withToolRule has an input schema, so the team finds out from tsc. The failure is
// `pnpm --filter @dual-auth/mcp typecheck` (tsconfig.test.json includes this file); at run time the
// rule works.
it('wraps a tool without input schema, its extra typed', () => {
  const server = new McpServer({ name: 'finance', version: '1.0.0' });
  const registered = server.registerTool(
    'whoami',
    {},
    withToolRule(
      { tool: 'whoami', agentAllowed: () => true, humanAllowed: () => true },
      async (extra) => ({
        content: [{ type: 'text', text: `${getDualSubject(extra.authInfo)?.human.sub}` }],
      }),
    ),
  );
  expect(registered.enabled).toBe(true);
});

it("types extra as the SDK's without input schema, and args then extra with one", () => {
  const server = new McpServer({ name: 'finance', version: '1.0.0' });
  const rule = { tool: 'pay', agentAllowed: () => true, humanAllowed: () => true };
  server.registerTool(
    'whoami',
    {},
    withToolRule(rule, async (extra) => {
      expectTypeOf(extra).toEqualTypeOf<ToolExtra>();
      return { content: [] };
    }),
  );
  const registered = server.registerTool(
    'pay',
    { inputSchema: { amount: z.number() } },
    withToolRule(rule, async (args, extra) => {
      expectTypeOf(args).toEqualTypeOf<{ amount: number }>();
      expectTypeOf(extra).toEqualTypeOf<ToolExtra>();
      return { content: [] };
    }),
  );
  expect(registered.enabled).toBe(true);
});
