import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect, promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPrivateKey } from '../adapter-kit/import-key.js';
import type { LogFields, Logger } from '../contracts/logger.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import { noopLogger } from '../logging/noop-logger.js';
import { readPrivateKeyFile } from './read-private-key-file.js';

const PEM =
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC-key-file-secret\n-----END PRIVATE KEY-----\n';
const run = promisify(execFile);

let dir: string;
const path = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-key-'));
  await chmod(dir, 0o755);
  await writeFile(path('private.pem'), PEM, { mode: 0o600 });
  await writeFile(path('shared.pem'), PEM, { mode: 0o644 });
  await chmod(path('shared.pem'), 0o644);
  await writeFile(path('locked.pem'), PEM, { mode: 0o000 });
  await chmod(path('locked.pem'), 0o000);
  await writeFile(
    path('public.pem'),
    '-----BEGIN PUBLIC KEY-----\nkey-file-secret\n-----END PUBLIC KEY-----\n',
    {
      mode: 0o600,
    },
  );
  await mkdir(path('a-directory'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function recorder(lines: [string, LogFields | undefined][]): Logger {
  return { ...noopLogger, warn: (event, fields) => lines.push([event, fields]) };
}

async function rejection(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(ConfigurationError.isInstance(error)).toBe(true);
  const text = `${error} ${JSON.stringify(error)} ${inspect(error, { depth: 5 })}`;
  expect(text).not.toContain('key-file-secret');
  // Nor the path: a /home/<name>/… path names a person, and applications log what is thrown.
  expect(text).not.toContain(dir);
  return error as ConfigurationError;
}

describe('readPrivateKeyFile', () => {
  it('reads a 600 file without a warning', async () => {
    const lines: [string, LogFields | undefined][] = [];
    await expect(
      readPrivateKeyFile(path('private.pem'), { logger: recorder(lines) }),
    ).resolves.toBe(PEM);
    expect(lines).toEqual([]);
  });

  // The path is not logged: a /home/<name>/… path names a person; the variable tells which file.
  it('reads a 644 file and warns to chmod 600, naming the variable, not the path', async () => {
    const lines: [string, LogFields | undefined][] = [];
    await expect(readPrivateKeyFile(path('shared.pem'), { logger: recorder(lines) })).resolves.toBe(
      PEM,
    );
    expect(lines).toEqual([
      [
        'private_key_world_readable',
        {
          message:
            'APP_PRIVATE_KEY_PATH file is world-readable. Consider: chmod 600 "$APP_PRIVATE_KEY_PATH"',
          variable: 'APP_PRIVATE_KEY_PATH',
        },
      ],
    ]);
    expect(JSON.stringify(lines)).not.toContain('shared.pem');
  });

  // A real OpenSSL prime search: a generous timeout, since a busy machine can take seconds.
  it('reads a PKCS#1 key file (`openssl genrsa -traditional`) that the adapter kit then signs with', async () => {
    await run('openssl', ['genrsa', '-traditional', '-out', path('pkcs1.pem'), '2048']);
    await chmod(path('pkcs1.pem'), 0o600);
    const pem = await readPrivateKeyFile(path('pkcs1.pem'));
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const key = await importPrivateKey(pem, 'RS256', { name: 'APP_PRIVATE_KEY_PATH' });
    expect([key.type, key.algorithm.name]).toEqual(['private', 'RSASSA-PKCS1-v1_5']);
  }, 120_000);

  it('says when the file does not exist', async () => {
    const error = await rejection(readPrivateKeyFile(path('nope.pem')));
    expect(error.message).toBe(
      'APP_PRIVATE_KEY_PATH file does not exist (ENOENT): set APP_PRIVATE_KEY_PATH to the path of the PEM private key file',
    );
    expect(error.variable).toBe('APP_PRIVATE_KEY_PATH');
  });

  it('says when the path is a directory', async () => {
    const error = await rejection(readPrivateKeyFile(path('a-directory')));
    expect(error.message).toBe(
      'APP_PRIVATE_KEY_PATH path is not a file: set APP_PRIVATE_KEY_PATH to the path of the PEM private key file, not a directory',
    );
  });

  it('refuses a file that holds no PEM private key, naming the variable it is told', async () => {
    const error = await rejection(
      readPrivateKeyFile(path('public.pem'), { variable: 'ACT_KEY_PATH' }),
    );
    expect(error.message).toBe(
      'ACT_KEY_PATH file is not a PEM private key: set ACT_KEY_PATH to the path of the PEM private key file (-----BEGIN PRIVATE KEY-----)',
    );
    expect(error.variable).toBe('ACT_KEY_PATH');
  });

  it('refuses a file far larger than any key, without reading it', async () => {
    await writeFile(path('huge.pem'), `${PEM}${'A'.repeat(1_100_000)}`, { mode: 0o600 });
    const error = await rejection(readPrivateKeyFile(path('huge.pem')));
    expect(error.message).toBe(
      'APP_PRIVATE_KEY_PATH file is too large for a private key (over 1 MiB): set APP_PRIVATE_KEY_PATH to the path of the PEM private key file',
    );
  });

  it('refuses an empty path and a non-string one', async () => {
    expect((await rejection(readPrivateKeyFile(' '))).message).toBe(
      'APP_PRIVATE_KEY_PATH cannot be empty',
    );
    await expect(readPrivateKeyFile(7 as never)).rejects.toThrow(TypeError);
  });

  it('says when a mode 000 file is not readable (checked in a child process without the DAC override capabilities)', async () => {
    // Root reads any file, so when the tests run as root the check runs in a child process that
    // util-linux's setpriv starts without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (still root, so
    // it reaches a checkout under a 0700 folder, which `nobody` could not). The child loads this
    // TypeScript source with Node's own type stripping.
    const hooks = `data:text/javascript,${encodeURIComponent(`
      import { registerHooks } from 'node:module';
      registerHooks({ resolve(specifier, context, next) {
        try { return next(specifier, context); }
        catch (error) {
          if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
          throw error;
        }
      } });`)}`;
    const script = `
      const { readPrivateKeyFile } = await import(${JSON.stringify(new URL('./read-private-key-file.ts', import.meta.url).href)});
      try { await readPrivateKeyFile(${JSON.stringify(path('locked.pem'))}); console.log('{"read":true}'); }
      catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message, variable: error.variable })); }`;
    const node = [
      process.execPath,
      '--no-warnings',
      '--import',
      hooks,
      '--input-type=module',
      '--eval',
      script,
    ];
    const [command, ...args] =
      process.getuid?.() === 0
        ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', ...node]
        : node;
    const { stdout } = await run(command as string, args, { cwd: dir, timeout: 15_000 });
    expect(JSON.parse(stdout)).toEqual({
      name: 'ConfigurationError',
      message:
        'APP_PRIVATE_KEY_PATH file is not readable (EACCES): let the user this process runs as read it (chmod 600 "$APP_PRIVATE_KEY_PATH", owned by that user)',
      variable: 'APP_PRIVATE_KEY_PATH',
    });
  });
});
