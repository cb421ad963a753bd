import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

describe('nodeCliIo', () => {
  it('ends quietly when the reader of standard output goes away (dual-auth … | head -1)', async () => {
    const child = spawn(
      join(ROOT, 'node_modules/.bin/node'),
      [join(ROOT, 'tools/run-source.mjs'), 'src/bin.ts', 'keys', 'generate', '--stdout'],
      { cwd: join(ROOT, 'packages/cli') },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Closed before the command writes anything (it loads for a while first): every write fails.
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  }, 60_000);
});
