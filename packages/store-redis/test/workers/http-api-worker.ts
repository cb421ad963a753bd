// An API instance in its own process, served over HTTP on loopback (behind the test's round-robin
// proxy): the resource guard for DPoP-bound Keycloak tokens, an out-of-session agent's door that
// verifies act JWTs, and an admin door that ends a human's delegation; the DPoP proofs' and act
// JWTs' `jti`s claimed in Redis, the cut-offs read from and written to it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { ActVerificationError } from '@dual-auth/core';
import { createDualAuthGuard } from '@dual-auth/resource';
import { ActJwtVerifier, endDelegation } from '@dual-auth/session';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  RedisReplayStore,
} from '../../src/index.js';
import { serveWorker } from '../support/serve-worker.js';

const env = process.env as Record<string, string>;
const PUBLIC_BASE_URL = env.PUBLIC_BASE_URL as string;

async function setup() {
  const client = createRedisClient({ url: env.REDIS_URL as string });
  const options = { client, timeoutMs: 120_000 };
  const replayStore = new RedisReplayStore(options);
  const cutoffStore = new RedisDelegationCutoffStore(options);
  const guard = createDualAuthGuard({
    profile: keycloakTokenProfile,
    issuer: env.ISSUER as string,
    audience: env.AUDIENCE as string,
    jwksUri: env.JWKS_URI as string,
    agentAllowed: () => true,
    humanAllowed: () => true,
    dpop: { publicBaseUrl: PUBLIC_BASE_URL, replayStore },
    cutoffStore,
  });
  const verifier = new ActJwtVerifier({
    publicKey: env.APP_PUBLIC_KEY as string,
    expectedAudience: env.AGENT_ENDPOINT as string,
    replayStore,
    cutoffStore,
  });
  const server = createServer((req, res) => {
    const answer = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ instance: process.pid, ...body }));
    };
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      if (req.url === '/agent/invoke') {
        try {
          await verifier.verify(Buffer.concat(chunks).toString());
          answer(200, { reason: 'accepted' });
        } catch (error) {
          if (!ActVerificationError.isInstance(error)) throw error;
          answer(401, { reason: error.reason });
        }
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const request = new Request(`${PUBLIC_BASE_URL}${req.url}`, {
        method: req.method ?? 'GET',
        headers,
      });
      const decision = await guard.checkRequest(request);
      answer(decision.status, { reason: decision.audit.reason });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { cutoffStore, port: (server.address() as AddressInfo).port };
}

const ready = setup();

serveWorker(ready, {
  // The loopback port this instance serves on.
  async port() {
    return (await ready).port;
  },
  // endDelegation of the session, from this instance: the cut-off it recorded (ms).
  async end({ sub }) {
    const { cutoffStore } = await ready;
    const { cutoffMs } = await endDelegation({ human: sub as string, cutoffStore });
    return cutoffMs;
  },
});
