import { HybridSender, UserSession } from '@dual-auth/session';
import { startLocalIdp } from '@dual-auth/testing';
import { Agent, fetch } from 'undici';
import { startDemoApi } from '../demo-api.js';
import { startRemoteAgent } from '../remote-agent.js';
import { vendorAdapter } from '../vendor-adapter.js';
import { percentile, rssMiB } from './percentile.js';
import { warmConnections } from './warm-connections.js';

/** What {@link loadDualSubject} takes. */
export interface DualSubjectLoadOptions {
  /** Requests in all. */
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Distinct humans the requests are spread over (one IdP token each, then the cache). */
  humans: number;
}

const AGENT = 'finance-agent';

/**
 * The out-of-session flow end to end on loopback, as in production but in one process: a web app
 * signs an act JWT per request (HybridSender), POSTs it to the agent service, which verifies it,
 * gets a dual-subject token from the local Keycloak IdP (cached per human) and calls the demo API,
 * which verifies both subjects against the IdP's JWKS. A request counts as an error unless the
 * agent answers 200 and the API answered it 200. Latency is the agent round trip (the web app's
 * signing excluded); throughput is over the whole run, signing included.
 */
export async function loadDualSubject(
  options: DualSubjectLoadOptions,
  write: (line: string) => void,
): Promise<{ errors: number }> {
  const idp = await startLocalIdp({ vendor: 'keycloak' });
  const api = await startDemoApi(idp);
  const agent = await startRemoteAgent({
    idp,
    adapter: await vendorAdapter(idp, AGENT),
    agentId: AGENT,
    apiUrl: api.url,
    describeToken: () => '',
  });
  // The web app's own connection pool: `concurrency` TLS handshakes start at once in this one
  // process, which on a busy machine outlast undici's 10 s default connect timeout.
  const webApp = new Agent({ connect: { ca: idp.caPem, timeout: 120_000 } });
  try {
    const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
    const acts = Array.from({ length: options.humans }, (_, i) => {
      const human = idp.addHuman({
        sub: crypto.randomUUID(),
        username: `load-${i}`,
        roles: ['FinanceUser'],
      });
      return sender.extractActFromSession(new UserSession({ userId: human.sub }));
    });
    // The handshakes before the clock starts and before any act JWT is signed, as a web app's
    // pool has its connections open: 200 at once on a loaded machine outlasted an act JWT's 60 s.
    await warmConnections(webApp, agent.endpoint, options.concurrency);
    const idpCallsBefore = idp.requests.length;
    const rssStart = rssMiB();
    const latencies: number[] = [];
    const failures = new Map<string, number>();
    const fail = (why: string) => failures.set(why, (failures.get(why) ?? 0) + 1);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < options.requests; index = next++) {
        const act = acts[index % acts.length];
        if (act === undefined) throw new Error('no act');
        try {
          const actJwt = await sender.prepareOutOfSessionAct({
            act,
            agentEndpoint: agent.endpoint,
          });
          const sent = performance.now();
          const response = await fetch(agent.endpoint, {
            dispatcher: webApp,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ act_jwt: actJwt }),
          });
          const reply = (await response.json()) as {
            apiStatus?: number;
            reason?: string;
            error?: string;
            message?: string;
          };
          latencies.push(performance.now() - sent);
          // The agent's error class and message: what an operator reads, so the run shows them.
          if (response.status !== 200)
            fail(
              `agent ${response.status} ${reply.error ?? ''} ${reply.reason ?? ''} ${reply.message ?? ''}`.trim(),
            );
          else if (reply.apiStatus !== 200) fail(`API ${reply.apiStatus}`);
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause?.code;
          fail(`${error instanceof Error ? error.name : 'thrown'}${cause ? ` (${cause})` : ''}`);
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    const errors = [...failures.values()].reduce((sum, n) => sum + n, 0);
    write(
      `dual-subject requests: ${options.requests} at concurrency ${options.concurrency}, ${options.humans} humans, Keycloak IdP, loopback HTTPS`,
    );
    write(
      `  throughput      ${(options.requests / seconds).toFixed(0)} requests/s (${seconds.toFixed(1)} s)`,
    );
    write(
      `  agent latency   p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms`,
    );
    write(`  IdP calls       ${idp.requests.length - idpCallsBefore} token requests`);
    write(
      `  errors          ${errors}${errors ? ` (${[...failures].map(([why, n]) => `${why}: ${n}`).join(', ')})` : ''}`,
    );
    write(`  RSS             ${rssStart} MiB at start, ${rssMiB()} MiB at end`);
    return { errors };
  } finally {
    await webApp.close();
    await agent.close();
    await api.close();
    await idp.close();
  }
}
