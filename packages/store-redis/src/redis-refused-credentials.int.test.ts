import { once } from 'node:events';
import { StoreUnavailableError } from '@dual-auth/core';
import { createRecordingLogger, type LocalRedis } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { eventually, readyClient, redisPerFile } from '../test/support/redis-client.js';
import { replayStoreFor } from '../test/support/stores.js';
import { createRedisClient } from './index.js';

// What `redis_error` tells an operator. Chaos session 35: a Redis that refuses this process's
// credentials (a wrong password in the URL, or requirepass turned on while it was connected
// without one) had every claim refused (fail closed, right) while the only log line, every
// reconnect, was `redis_error {"error_type":"Error"}`, and the store's refusal advised on OOM,
// READONLY and NOPERM but not on the credentials; a connection Redis closed (CLIENT KILL, a crash)
// logged the same `{"error_type":"Error"}`: node-redis's errors all have the `name` `Error`.
const PASSWORD = 'the-right-password';
let redis: LocalRedis;
redisPerFile((started) => ({ redis } = started));

describe('a Redis that refuses the client’s credentials', () => {
  it('logs redis_error with Redis’s error code (WRONGPASS), never the password, and the store’s refusal says to fix the credentials; it heals once they match', async () => {
    const admin = await readyClient(redis.url);
    await admin.configSet('requirepass', PASSWORD);
    const logger = createRecordingLogger();
    const wrong = 'not-the-password';
    const client = createRedisClient({
      url: redis.url.replace('redis://', `redis://:${wrong}@`),
      logger,
      reconnectMaxDelayMs: 200,
    });
    try {
      await eventually(async () => logger.records.some((r) => r.event === 'redis_error'));
      const refusal = logger.records.find((r) => r.event === 'redis_error');
      expect(refusal?.fields).toEqual({ error_type: 'SimpleError', error_code: 'WRONGPASS' });

      const error = await replayStoreFor(client)
        .claim('jti-1', Date.now() + 60_000)
        .catch((e: unknown) => e);
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      // Commands on the connection that failed its AUTH are answered NOAUTH.
      expect((error as Error).message).toMatch(
        /\(NOAUTH\): Redis refused the command: it requires authentication.*right credentials in the client's URL or clientOptions/,
      );
      expect((error as Error).message).not.toMatch(/OOM|READONLY|NOPERM|WRONGTYPE/);
      const logged = JSON.stringify(logger.records);
      expect(logged).not.toContain(wrong);
      expect(logged).not.toContain(PASSWORD);

      // Redis now takes the password the client has: the next connection is ready, no restart.
      await admin.configSet('requirepass', wrong);
      await eventually(() => replayStoreFor(client).claim('jti-2', Date.now() + 60_000));
    } finally {
      await client.close();
      await admin.configSet('requirepass', '').catch(() => undefined);
      await admin.close();
    }
  }, 60_000);
});

// Session 37 (a new user): NOAUTH's refusal explained OOM, READONLY, LOADING, NOPERM and WRONGTYPE
// too, every code but the one that happened; each code now gets its own advice, still code-only.
describe('a Redis that turns on requirepass while the client is connected without a password', () => {
  it('refuses with NOAUTH and the advice for it alone: the credentials, not another code', async () => {
    const admin = await readyClient(redis.url);
    const client = await readyClient(redis.url);
    try {
      await admin.configSet('requirepass', PASSWORD);
      // The connection stays authenticated as it was; a new one (after CLIENT KILL) gets NOAUTH.
      await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
      let error: unknown;
      await eventually(async () => {
        error = await replayStoreFor(client)
          .claim('jti-noauth', Date.now() + 60_000)
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        return error instanceof Error && /\(NOAUTH\)/.test(error.message);
      });
      expect(StoreUnavailableError.isInstance(error)).toBe(true);
      const { message } = error as Error;
      expect(message).toMatch(
        /^Redis failed \(NOAUTH\): Redis refused the command: it requires authentication/,
      );
      expect(message).toMatch(/credentials in the client's URL or clientOptions/);
      expect(message).not.toMatch(/OOM|READONLY|LOADING|NOPERM|WRONGTYPE|maxmemory|replica/);
      expect(message).not.toContain(PASSWORD);
    } finally {
      await client.close();
      // SKIPME: the admin's connection, authenticated before, was not killed.
      await admin.configSet('requirepass', '');
      await admin.close();
    }
  }, 60_000);
});

describe('a connection Redis closes (CLIENT KILL, a crash)', () => {
  it('logs redis_error with node-redis’s error class, not the `name` Error all its errors share', async () => {
    const admin = await readyClient(redis.url);
    const logger = createRecordingLogger();
    const client = createRedisClient({ url: redis.url, logger, reconnectMaxDelayMs: 200 });
    try {
      if (!client.isReady) await once(client, 'ready');
      await admin.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
      await eventually(async () => logger.records.some((r) => r.event === 'redis_error'));
      const closed = logger.records.find((r) => r.event === 'redis_error');
      expect(closed?.fields).toEqual({ error_type: 'SocketClosedUnexpectedlyError' });
      await eventually(() => replayStoreFor(client).claim('jti-3', Date.now() + 60_000));
    } finally {
      await client.close();
      await admin.close();
    }
  }, 60_000);
});
