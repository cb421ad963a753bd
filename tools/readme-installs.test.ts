import { expect, it } from 'vitest';
// @ts-expect-error: a plain ESM tool without types
import { installedPackages, unnamedImports } from './readme-installs.mjs';

it('reads the packages of npm install lines, without versions, flags or comments', () => {
  const markdown = [
    '```sh',
    'npm install @dual-auth/core jose@6 -D @hono/node-server   # the API',
    '```',
    'Then `npm i express`, and `npm install --save-dev vitest`.',
  ].join('\n');
  expect([...installedPackages(markdown)]).toEqual([
    '@dual-auth/core',
    'jose',
    '@hono/node-server',
    'express',
    'vitest',
  ]);
});

it('names the outside packages a block imports that no install line names', () => {
  const code = [
    "import { readFileSync } from 'node:fs';",
    "import { createAdapter } from '@dual-auth/core';",
    "import { getRequestListener } from '@hono/node-server';",
    "import { SignJWT } from 'jose';",
    "import type { Hono } from 'hono/tiny';",
    "import { helper } from './helper.js';",
    "const { default: express } = await import('express');",
  ].join('\n');
  expect(unnamedImports('npm install jose', code)).toEqual([
    '@hono/node-server',
    'hono',
    'express',
  ]);
  expect(unnamedImports('npm install jose hono express @hono/node-server', code)).toEqual([]);
});
