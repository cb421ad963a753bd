import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { type Logger, SecretsBackendError } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretsBackend } from './index.js';

// A secrets directory under a person's home names that person (`/home/<name>/…`): as core's key
// file reader does, the backend names where the directory came from, never the path, in its log
// lines, errors (with their causes: Node's fs errors quote the path) and string forms.
const PERSON = 'alice-liddell';
let root: string;
let directory: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dual-auth-secrets-home-'));
  directory = join(root, 'home', PERSON, 'secrets');
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, 'LOCKED'), 'value');
  await chmod(join(directory, 'LOCKED'), 0o000);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A logger keeping each line as JSON text, and its lines. */
function capture(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const write = (level: string) => (event: string, fields?: Record<string, unknown>) =>
    void lines.push(JSON.stringify({ level, event, ...fields }));
  return {
    lines,
    logger: {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
    },
  };
}

/** Every text an application may log of an error: its message, string form, inspect, causes. */
function textsOf(error: unknown): string {
  const texts: string[] = [];
  for (let current = error; current !== undefined && current !== null; ) {
    texts.push(String(current), inspect(current, { depth: 5 }), JSON.stringify(current) ?? '');
    current = (current as { cause?: unknown }).cause;
  }
  return texts.join('\n');
}

describe('FileSecretsBackend never writes its directory (it may name a person)', () => {
  for (const [given, source] of [
    ['the directory option', 'directory option'],
    ['DUAL_AUTH_SECRETS_DIR', 'DUAL_AUTH_SECRETS_DIR'],
  ] as const) {
    it(`given by ${given}: log lines, string forms and every failure name ${source} instead`, async () => {
      const { logger, lines } = capture();
      const at = (folder: string) =>
        given === 'the directory option'
          ? new FileSecretsBackend({ directory: folder, env: {}, logger })
          : new FileSecretsBackend({ env: { DUAL_AUTH_SECRETS_DIR: folder }, logger });
      const backend = at(directory);
      const gone = at(join(directory, 'gone'));
      const failures = [
        await backend.getSecret('ABSENT').catch((e: unknown) => e),
        await gone.getSecret('ANY').catch((e: unknown) => e),
        ...(process.getuid?.() === 0
          ? []
          : [await backend.getSecret('LOCKED').catch((e: unknown) => e)]),
      ];
      for (const failure of failures) {
        expect(SecretsBackendError.isInstance(failure)).toBe(true);
        const text = textsOf(failure);
        expect(text).not.toContain(PERSON);
        expect((failure as Error).message).toContain(source);
      }
      const forms = [String(backend), JSON.stringify(backend), inspect(backend), ...lines].join(
        '\n',
      );
      expect(forms).not.toContain(PERSON);
      expect(forms).toContain(source);
      expect(lines.some((line) => line.includes('secrets_backend_initialized'))).toBe(true);
      // The property the caller set stays readable as given.
      expect(backend.directory).toBe(directory);
    });
  }

  it('the default directory names no one, and is written as it is', async () => {
    const { logger, lines } = capture();
    const backend = new FileSecretsBackend({ env: {}, logger });
    expect(String(backend)).toContain('/run/secrets');
    expect(lines.join('\n')).toContain('/run/secrets');
  });
});
