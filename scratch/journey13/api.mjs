// journey13: one of three API processes behind the same Redis. Written from the READMEs.
// node api.mjs <port>   (env: the local IdP's .env, REDIS_URL, OTEL_OUT)
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { oauthTokenProfile } from '@dual-auth/adapter-oauth';
import { agentIn, createDualAuthGuard, humanIn } from '@dual-auth/resource';
import { dualAuth } from '@dual-auth/resource/express';
import { ActJwtVerifier, endDelegation } from '@dual-auth/session';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  RedisReplayStore,
} from '@dual-auth/store-redis';
import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import express from 'express';

const port = Number(process.argv[2]);
const env = process.env;

// OpenTelemetry (docs/operations.md "Turn the signals on"): spans and metrics to a file per process.
const otelOut = env.OTEL_OUT ?? `otel-${port}.jsonl`;
const fileExporter = {
  export(spans, done) {
    for (const s of spans)
      appendFileSync(otelOut, `${JSON.stringify({ span: s.name, attributes: s.attributes })}\n`);
    done({ code: 0 });
  },
  shutdown: async () => {},
};
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(fileExporter)] }),
);
class PullReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}
const reader = new PullReader();
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

const client = createRedisClient({ url: env.REDIS_URL });
const cutoffStore = new RedisDelegationCutoffStore({
  client,
  timeoutMs: Number(env.REDIS_TIMEOUT_MS ?? 500),
});
const replayStore = new RedisReplayStore({
  client,
  timeoutMs: Number(env.REDIS_TIMEOUT_MS ?? 500),
});

const guard = createDualAuthGuard({
  profile: oauthTokenProfile,
  layout: 'rfc8693',
  issuer: env.IDP_ISSUER,
  audience: env.IDP_AUDIENCE,
  jwksUri: env.IDP_JWKS_URL,
  agentAllowed: agentIn(['finance-agent']),
  humanAllowed: humanIn((env.FINANCE_USERS ?? '').split(',').filter(Boolean)),
  cutoffStore,
});

// The out-of-session agent's door: the web app POSTs a signed act JWT (session README).
const agentEndpoint = env.AGENT_ENDPOINT ?? 'https://agent.local/invoke';
const verifier = new ActJwtVerifier({
  publicKey: env.APP_PUBLIC_KEY,
  expectedAudience: agentEndpoint,
  replayStore,
  cutoffStore,
});

const app = express();
app.get('/api/balance', dualAuth(guard), (req, res) => {
  res.json({ port, agent: req.dualSubject.agent.id, human: req.dualSubject.human.sub });
});
app.post('/agent/invoke', express.json(), async (req, res) => {
  try {
    const verified = await verifier.verify(String(req.body?.act_jwt ?? ''));
    res.json({ port, accepted: true, human: verified.act?.sub ?? null });
  } catch (error) {
    const outage = /unavailable/.test(String(error?.reason));
    res.status(outage ? 503 : 401).json({ port, reason: error?.reason, message: error?.message });
  }
});
app.post('/admin/end-delegation', express.json(), async (req, res) => {
  try {
    const ended = await endDelegation({ human: { sub: String(req.body.sub) }, cutoffStore });
    res.json({ port, cutoffMs: ended.cutoffMs });
  } catch (error) {
    res.status(503).json({ port, error: error?.name, message: error?.message });
  }
});
app.get('/metrics', async (_req, res) => {
  const { resourceMetrics } = await reader.collect();
  const out = {};
  for (const sm of resourceMetrics.scopeMetrics)
    for (const m of sm.metrics)
      out[m.descriptor.name] = m.dataPoints.map((p) => ({
        attributes: p.attributes,
        value: p.value,
      }));
  res.json(out);
});

const server = createServer(
  { cert: readFileSync(env.TLS_CERT_FILE), key: readFileSync(env.TLS_KEY_FILE) },
  app,
);
// Longer than the load balancer's / client's idle keep-alive, so an idle socket is not closed under a request.
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () =>
  process.stdout.write(`${JSON.stringify({ event: 'api_listening', port })}\n`),
);
const stop = () => {
  server.close();
  client.close().catch(() => {});
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
