import { request } from 'node:http';
import { type JourneyServer, startJourneyServer } from '../../src/ui/journey-server.js';

/**
 * The journey server for Keycloak alone, whose IdP starts are recorded in `started` instead of run:
 * a vendor in `started` is the proof that a step ran.
 */
export async function startRecordedJourney(): Promise<{
  journey: JourneyServer;
  started: string[];
}> {
  const started: string[] = [];
  const journey = await startJourneyServer({
    vendors: ['keycloak'],
    startIdp: async (vendor) => {
      started.push(vendor);
      throw new Error('recorded, not started');
    },
  });
  return { journey, started };
}

/** What {@link statusOf} sends to 127.0.0.1. */
export interface LoopbackRequest {
  readonly port: number | string;
  readonly method?: string;
  readonly path: string;
  /** Headers as sent; `host` among them names the host a browser would. */
  readonly headers: Record<string, string>;
  readonly body?: string | undefined;
}

/** Sends `sent` to 127.0.0.1 over plain HTTP; the status of the answer, read to its end. */
export function statusOf(sent: LoopbackRequest): Promise<number | undefined> {
  const { port, method = 'GET', path, headers, body } = sent;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.end(body);
  });
}
