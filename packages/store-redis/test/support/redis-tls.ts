import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCa } from '@dual-auth/testing';

/** A redis-server of a test that takes TLS connections only, on loopback. */
export interface LocalTlsRedis {
  readonly port: number;
  /** The test CA's certificate (PEM), which issued the server's: what clients trust. */
  readonly caPem: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/**
 * Starts Debian's `redis-server` with `--tls-port` only (no plain port), its certificate issued
 * by a throwaway CA ({@link createTestCa}) for 127.0.0.1, client certificates not asked for,
 * persistence off. Its files (the key included) live in a temporary folder removed on close.
 */
export async function startTlsRedisServer(): Promise<LocalTlsRedis> {
  const ca = await createTestCa();
  const { certPem, keyPem } = await ca.issueServerCertificate();
  const dir = await mkdtemp(join(tmpdir(), 'dual-auth-redis-tls-'));
  const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), ca: join(dir, 'ca.pem') };
  await writeFile(files.cert, certPem);
  await writeFile(files.key, keyPem, { mode: 0o600 });
  await writeFile(files.ca, ca.caPem);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--tls-cert-file',
      files.cert,
      '--tls-key-file',
      files.key,
      '--tls-ca-cert-file',
      files.ca,
      '--tls-auth-clients',
      'no',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = once(child, 'exit');
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', () => reject(new Error(`redis-server exited: ${output.slice(-500)}`)));
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    caPem: ca.caPem,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
