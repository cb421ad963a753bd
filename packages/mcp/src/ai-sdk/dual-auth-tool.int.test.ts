import { oktaPlugin, oktaTokenProfile } from '@dual-auth/adapter-okta';
import { type Act, createAdapter, type LogFields, type Logger } from '@dual-auth/core';
import { agentHasScope, humanHasRole } from '@dual-auth/resource';
import { getDualSubject, withDualAuth } from '@dual-auth/resource/fetch';
import { InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { generateText, isStepCount } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dualAuthTool } from './dual-auth-tool.js';

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 1, text: 1, reasoning: undefined },
};

/** The SDK's mock model: first asks for the balance tool, then answers with text. */
function modelCallingBalance() {
  return new MockLanguageModelV4({
    doGenerate: [
      {
        content: [
          {
            type: 'tool-call',
            toolCallId: 'call-1',
            toolName: 'balance',
            input: JSON.stringify({ account: 'acc-1' }),
          },
        ],
        finishReason: { unified: 'tool-calls', raw: undefined },
        usage,
        warnings: [],
      },
      {
        content: [{ type: 'text', text: 'done' }],
        finishReason: { unified: 'stop', raw: undefined },
        usage,
        warnings: [],
      },
    ],
  });
}

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (event: string, fields?: LogFields) => {
    lines.push(JSON.stringify({ level, event, fields }));
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('dualAuthTool with the AI SDK mock model, the local okta IdP and a dual-auth API', () => {
  let idp: LocalIdp;
  let logger: ReturnType<typeof recordingLogger>;
  let api: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  const issued: string[] = [];

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'okta' });
    logger = recordingLogger();
    // The API, in process: the real guard of @dual-auth/resource behind a fetch handler.
    const handler = withDualAuth(
      (request) => Response.json({ balance: 42, human: getDualSubject(request)?.human.sub }),
      {
        profile: oktaTokenProfile,
        issuer: idp.issuer,
        audience: idp.audience,
        jwksUri: idp.jwksUrl,
        fetch: idp.fetch,
        agentAllowed: agentHasScope('finance.read'),
        humanAllowed: humanHasRole(
          'FinanceUser',
          async ({ human }) => idp.humans.get(human.sub)?.roles ?? [],
        ),
        logger,
      },
    );
    api = async (input, init) => {
      const request = new Request(input, init);
      issued.push(request.headers.get('authorization') ?? '');
      return handler(request);
    };
  });
  afterAll(async () => {
    await idp?.close();
  });

  const actOf = (username: string): Act => {
    const human = [...idp.humans.values()].find((h) => h.username === username);
    if (human === undefined) throw new Error(`no human ${username}`);
    return { sub: human.sub, ...(human.email ? { email: human.email } : {}) };
  };

  const balanceTool = async () => {
    const adapter = await createAdapter(undefined, {
      env: idp.env('finance-agent'),
      plugins: [oktaPlugin],
      fetch: idp.fetch,
    });
    return dualAuthTool(
      {
        description: 'The balance of an account of the signed-in person',
        inputSchema: z.object({ account: z.string() }),
        origin: 'https://api.example.com',
        tokenRequest: new InSessionTokenRequest({ adapter, logger }),
        agentId: 'finance-agent',
        scope: ['finance.read'],
        fetch: api,
      },
      async ({ account }, { callApi }) => {
        const response = await callApi(`https://api.example.com/accounts/${account}`);
        return (await response.json()) as { balance: number; human: string };
      },
    );
  };

  const run = async (act: Act | undefined) => {
    const model = modelCallingBalance();
    const generate = async () =>
      generateText({
        model,
        tools: { balance: await balanceTool() },
        prompt: 'What is my balance?',
        stopWhen: isStepCount(2),
      });
    const result = act === undefined ? await generate() : await runWithAct(act, generate);
    const output = result.steps[0]?.toolResults[0]?.output;
    // What the model read back: the prompt of its second call.
    const seenByModel = JSON.stringify(model.doGenerateCalls[1]?.prompt);
    return { output, seenByModel, result };
  };

  it('runs the tool for an authorized human with a dual-subject token', async () => {
    const alice = actOf('alice');
    const { output, seenByModel } = await run(alice);
    expect(output).toEqual({ balance: 42, human: alice.sub });
    expect(seenByModel).toContain('"balance":42');
  });

  it('turns the API refusal of the human into a tool result naming the side', async () => {
    const { output, seenByModel, result } = await run(actOf('bob'));
    expect(output).toMatchObject({ denied: true, reason: 'not_authorized', failed_side: 'human' });
    expect(seenByModel).toContain('not_authorized');
    expect(result.text).toBe('done');
  });

  it('does not run the tool without a human in context', async () => {
    const before = issued.length;
    const { output } = await run(undefined);
    expect(output).toMatchObject({ denied: true, reason: 'no_human' });
    expect(issued.length).toBe(before);
  });

  it('puts no token, email or name in tool results, model prompts or logs', async () => {
    const alice = actOf('alice');
    const { output, seenByModel } = await run(alice);
    const denied = await run(actOf('bob'));
    const text = [
      JSON.stringify(output),
      seenByModel,
      JSON.stringify(denied.output),
      denied.seenByModel,
      ...logger.lines,
    ].join('\n');
    expect(issued.length).toBeGreaterThan(0);
    for (const header of issued) expect(text).not.toContain(header.replace(/^Bearer /, ''));
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);
    for (const human of idp.humans.values()) {
      if (human.email) expect(text).not.toContain(human.email);
      if (human.name) expect(text).not.toContain(human.name);
    }
  });
});
