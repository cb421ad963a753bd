import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { getRequestListener } from '@hono/node-server';
import { startDemoApi } from '../demo-api.js';
import { demoVendors } from '../run-demo.js';
import { foreignRequestRefusal } from './foreign-request-refusal.js';
import { Journey, type JourneyServers } from './journey.js';
import { JOURNEY_STEPS, type JourneyMode } from './journey-steps.js';
import { type OpaqueServers, startOpaqueServers } from './opaque-servers.js';
import { addOtherHuman } from './other-human.js';

/** Options of {@link startJourneyServer}. */
export interface JourneyServerOptions {
  /** Loopback port; default 0 (any free one). */
  readonly port?: number;
  /** The vendors offered; default: every adapter package of the workspace. */
  readonly vendors?: readonly string[];
  /**
   * Starts a vendor's IdP (with opaque access tokens when asked, for the introspect step); default
   * `startLocalIdp` (tests wrap it to see the IdP's secrets).
   */
  readonly startIdp?: (
    vendor: string,
    options?: { accessTokenFormat: 'opaque' },
  ) => Promise<LocalIdp>;
}

/** A running journey page. */
export interface JourneyServer {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Stops the page and the IdP and APIs of the vendor in use. */
  close(): Promise<void>;
}

const PUBLIC = join(import.meta.dirname, 'public');
const FILES: Record<string, string> = {
  '/': 'index.html',
  '/journey.js': 'journey.js',
  '/journey.css': 'journey.css',
};
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};
const MODES = new Set<string>(['recipe', 'exchange']);

/**
 * Serves the journey page on 127.0.0.1 (plain HTTP: loopback only, nothing secret is sent): a
 * button per step of the chosen vendor's flow in either mode, answered by `POST /api/step`. One
 * vendor's local IdP and APIs run at a time, started on its first step (its opaque-token IdP and
 * API on the introspect step); choosing another vendor stops them. Steps run one after the other, never two at once.
 * Requests naming another host, and steps posted from another origin or not as JSON, are refused
 * ({@link foreignRequestRefusal}).
 */
export async function startJourneyServer(
  options: JourneyServerOptions = {},
): Promise<JourneyServer> {
  const vendors = options.vendors ?? demoVendors();
  const startIdp =
    options.startIdp ??
    ((vendor: string, idpOptions?: { accessTokenFormat: 'opaque' }) =>
      startLocalIdp({ vendor, ...idpOptions }));
  let running:
    | { vendor: string; servers: JourneyServers; opaque?: Promise<OpaqueServers> | undefined }
    | undefined;
  let journey: Journey | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let port = 0;

  async function stopServers(): Promise<void> {
    const current = running;
    running = undefined;
    journey = undefined;
    if (current === undefined) return;
    await current.servers.api.close();
    await current.servers.exchangeApi.close();
    await current.servers.idp.close();
    await (await current.opaque?.catch(() => undefined))?.close();
  }

  async function serversOf(vendor: string): Promise<JourneyServers> {
    if (running?.vendor === vendor) return running.servers;
    await stopServers();
    const idp = await startIdp(vendor);
    addOtherHuman(idp);
    const api = await startDemoApi(idp);
    const exchangeCutoffStore = new InMemoryDelegationCutoffStore();
    const exchangeApi = await startDemoApi(idp, {
      layout: 'rfc8693',
      cutoffStore: exchangeCutoffStore,
    });
    const current: NonNullable<typeof running> = {
      vendor,
      servers: {
        idp,
        api,
        exchangeApi,
        exchangeCutoffStore,
        opaque: () => {
          // Started once per vendor; a failed start is tried again on the next click.
          current.opaque ??= startOpaqueServers(startIdp, vendor).catch((error: unknown) => {
            current.opaque = undefined;
            throw error;
          });
          return current.opaque;
        },
      },
    };
    running = current;
    return current.servers;
  }

  async function step(body: { vendor?: unknown; mode?: unknown; step?: unknown }) {
    const { vendor, mode, step: stepId } = body;
    if (typeof vendor !== 'string' || !vendors.includes(vendor)) {
      return Response.json(
        { message: `vendor must be one of ${vendors.join(', ')}` },
        { status: 400 },
      );
    }
    if (typeof mode !== 'string' || !MODES.has(mode) || typeof stepId !== 'string') {
      return Response.json(
        { message: 'mode must be recipe or exchange, step a string' },
        { status: 400 },
      );
    }
    const servers = await serversOf(vendor);
    if (stepId === 'sign-in' || journey?.mode !== mode) {
      journey = new Journey(servers, mode as JourneyMode);
    }
    try {
      return Response.json(await journey.run(stepId));
    } catch (error) {
      // The page shows the error's name and message: ours and the library's carry no secrets.
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      return Response.json({ error: name, message }, { status: 409 });
    }
  }

  async function handle(request: Request): Promise<Response> {
    const refusal = foreignRequestRefusal(request, port);
    if (refusal !== undefined) return refusal;
    const { pathname } = new URL(request.url);
    const file = FILES[pathname];
    if (request.method === 'GET' && file !== undefined) {
      const type = TYPES[file.split('.').pop() ?? ''] ?? 'text/plain';
      return new Response(await readFile(join(PUBLIC, file)), {
        headers: { 'content-type': type, 'cache-control': 'no-store' },
      });
    }
    if (request.method === 'GET' && pathname === '/api/journeys') {
      return Response.json({ vendors, steps: JOURNEY_STEPS });
    }
    if (request.method === 'POST' && pathname === '/api/step') {
      const body = (await request.json().catch(() => ({}))) as Record<string, unknown>;
      const answer = queue.then(() => step(body));
      queue = answer.catch(() => {});
      return answer;
    }
    return new Response('not found', { status: 404 });
  }

  const server = createServer(getRequestListener(handle));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // Read by handle(): no request arrives before listen() has resolved.
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await queue;
      await stopServers();
    },
  };
}
