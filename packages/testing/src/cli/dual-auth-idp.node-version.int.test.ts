import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, 'dual-auth-idp.ts');
const RUN_SOURCE = join(import.meta.dirname, '../../../../tools/run-source.mjs');
// This Node passes for 22.12 (the packages' minimum, below the local IdP's) from its first line on.
const OLD_NODE = `data:text/javascript,Object.defineProperty(process.versions,'node',{value:'22.12.0'})`;

describe('dual-auth-idp on a Node older than 22.19', () => {
  it('says which Node it needs and exits 2, starting nothing', async () => {
    const child = spawn(process.execPath, ['--import', OLD_NODE, '--', RUN_SOURCE, BIN, '--help'], {
      env: { PATH: process.env.PATH ?? '' },
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(out).toContain('dual-auth-idp: needs Node ≥ 22.19.0');
    expect(out).toContain('this is Node 22.12.0');
    expect(out).not.toContain('usage:');
    expect(code).toBe(2);
  }, 60_000);
});
