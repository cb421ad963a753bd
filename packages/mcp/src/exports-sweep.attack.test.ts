// Every function and class of mcp's entries, called with a wrong first or second argument
// (`sweepExports`): whatever it throws or rejects with is never a crash from inside, and an error
// class refuses under its own name.
import { describe, expect, it } from 'vitest';
import { sweepExports } from '../../core/test/export-sweep.js';
import { itRefusesByName } from '../../core/test/refuses-by-name.js';
import * as aiSdk from './ai-sdk/index.js';
import * as client from './client/index.js';
import * as express from './express/index.js';
import * as fetch from './fetch/index.js';
import * as mcp from './index.js';
import * as tools from './tools/index.js';

describe("mcp's exports never crash inside on a wrong argument", () => {
  it('every function and class of every entry', async () => {
    expect(await sweepExports({ mcp, express, fetch, client, tools, aiSdk })).toEqual([]);
  }, 60_000);

  itRefusesByName(
    [
      [
        'new McpCallRefusedError()',
        () => new client.McpCallRefusedError(undefined as never),
        /^McpCallRefusedError: options must be an object, got undefined$/,
      ],
      [
        'new McpCallRefusedError({ method, url })',
        () => new client.McpCallRefusedError({ method: 'POST', url: 'https://mcp.test/' } as never),
        /^McpCallRefusedError: options.message must be a string, got undefined$/,
      ],
      [
        'new McpCallRefusedError({ …, failedSide: 42 })',
        () =>
          new client.McpCallRefusedError({
            message: 'm',
            method: 'POST',
            url: 'https://mcp.test/',
            failedSide: 42,
          } as never),
        /^McpCallRefusedError: options.failedSide must be a string or undefined, got number$/,
      ],
      [
        'new ToolDeniedError()',
        () => new tools.ToolDeniedError(undefined as never),
        /^ToolDeniedError: denial must be an object, got undefined$/,
      ],
      [
        'new ToolDeniedError({ denied, reason })',
        () => new tools.ToolDeniedError({ denied: true, reason: 'no_human' } as never),
        /^ToolDeniedError: denial.message must be a string, got undefined$/,
      ],
      [
        'dualAuthTool()',
        () => aiSdk.dualAuthTool(undefined as never, () => 'ok'),
        /^options must be an object, got undefined$/,
      ],
    ],
    [],
  );
});
