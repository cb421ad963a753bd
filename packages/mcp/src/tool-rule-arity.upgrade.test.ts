import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { expect, it } from 'vitest';
import { getDualSubject } from './dual-subject-auth-info.js';
import { withToolRule } from './tool-rule.js';

// Session 10, breaker 20 (wave10/fixj10a): `withToolRule`'s new signature returns
// `(first, extra?) => …`, so a TWO-parameter callback `(args, extra) => …` now typechecks where
// the SDK registers a tool WITHOUT input schema, which it calls with `extra` alone. At run time the
// callback's `extra` is undefined and `extra.authInfo` throws a TypeError inside an admitted call
// (the MCP client gets a tool error, not the tool). On main the same code was refused by tsc
// (`extra` was `unknown` there), so a tool copied from an input-schema example
// onto a no-input tool is caught before it ships. The failure of this file is
// `pnpm --filter @dual-auth/mcp typecheck` (tsconfig.test.json includes it): the
// `@ts-expect-error` below is unused.
it('refuses at compile time a two-parameter callback for a tool without input schema', () => {
  const server = new McpServer({ name: 'finance', version: '1.0.0' });
  const rule = { tool: 'whoami', agentAllowed: () => true, humanAllowed: () => true };
  const registered = server.registerTool(
    'whoami',
    {},
    // @ts-expect-error: the SDK calls a tool without input schema with `extra` only.
    withToolRule(rule, async (_args, extra) => ({
      content: [{ type: 'text', text: `${getDualSubject(extra.authInfo)?.human.sub}` }],
    })),
  );
  expect(registered.enabled).toBe(true);
});
