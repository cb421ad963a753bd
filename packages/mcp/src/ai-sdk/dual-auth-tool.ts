import { type KnownOptions, refuseUnknownOptions, requireValue } from '@dual-auth/core';
import { type FlexibleSchema, type Tool, tool } from 'ai';
import type { ToolDenial } from '../tools/tool-denial.js';
import {
  DUAL_AUTH_TOOL_OPTIONS,
  type DualAuthToolContext,
  type DualAuthToolOptions,
  withDualAuthTool,
} from '../tools/with-dual-auth-tool.js';

/** Options of {@link dualAuthTool}: the AI SDK tool's own, and whose token it gets. */
export interface DualAuthAiToolOptions<Input> extends DualAuthToolOptions {
  description: string;
  /** A Zod or JSON schema of the input, as `tool()` of the `ai` package takes it. */
  inputSchema: FlexibleSchema<Input>;
}

const KNOWN = /* @__PURE__ */ (() =>
  ({
    ...DUAL_AUTH_TOOL_OPTIONS,
    description: true,
    inputSchema: true,
  }) as const satisfies KnownOptions<DualAuthAiToolOptions<unknown>>)();

/**
 * A Vercel AI SDK tool (`tool()` of `ai`) whose `execute` runs only with a human in context
 * (`runWithAct`) and gets a dual-subject token and `callApi` for the agent acting for that human
 * (see {@link withDualAuthTool}); a refusal becomes the tool's output ({@link ToolDenial}), which
 * the model reads, instead of a failed step. The abort signal of the generation is passed on.
 *
 * @throws TypeError at creation on bad options, or one that is not an option (a misspelled
 *   `context` would fall back to the ambient one); the message names the option meant.
 * @example
 * const balance = dualAuthTool(
 *   { description: 'Balance of an account', inputSchema: z.object({ account: z.string() }),
 *     origin: api, tokenRequest: inSession, agentId: 'finance-agent', scope: ['finance.read'] },
 *   async ({ account }, { callApi }) => (await callApi(`${api}/accounts/${account}`)).json(),
 * );
 * await runWithAct(act, () => generateText({ model, tools: { balance }, prompt }));
 */
export function dualAuthTool<Input, Output>(
  options: DualAuthAiToolOptions<Input>,
  run: (input: Input, context: DualAuthToolContext) => Output | Promise<Output>,
): Tool<Input, Output | ToolDenial> {
  requireValue(options, 'options', 'object');
  refuseUnknownOptions(options, KNOWN, 'dualAuthTool');
  const { description, inputSchema, ...auth } = options;
  const execute = withDualAuthTool(auth, run);
  // `tool()`'s overloads cannot decide whether a still-generic `Output` may be `never` (its
  // NeverOptional type); the object is a plain executable function tool, typed here once.
  return tool({
    description,
    inputSchema,
    execute: (input: Input, { abortSignal }: { abortSignal?: AbortSignal | undefined }) =>
      execute(input, { signal: abortSignal }),
  } as never) as Tool<Input, Output | ToolDenial>;
}
