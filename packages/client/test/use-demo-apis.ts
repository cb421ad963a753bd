import { createTestCa, type TestCa } from '@dual-auth/testing';
import { afterEach, beforeAll } from 'vitest';
import { type DemoApi, type RecordedRequest, type Reply, startDemoApi } from './demo-api.js';

/** Starts a demo API that answers from `reply` (default: 200). */
export type StartApi = (
  reply?: (request: RecordedRequest, index: number) => Reply | Promise<Reply>,
) => Promise<DemoApi>;

/**
 * Registers the hooks of a test file that talks to demo APIs: one test CA for the file, and every
 * demo API started through the returned function closed after each test.
 */
export function useDemoApis(): StartApi {
  let ca: TestCa | undefined;
  const servers: DemoApi[] = [];
  beforeAll(async () => {
    ca = await createTestCa();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (reply) => {
    const server = await startDemoApi(reply, ca === undefined ? {} : { ca });
    servers.push(server);
    return server;
  };
}
