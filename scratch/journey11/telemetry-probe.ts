// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// Journey 11: what the OTel metrics and spans say under the incidents (an OTel SDK registered as
// the README of core says: the packages find @opentelemetry/api themselves). Agent: token requests
// while the IdP answers, then while it is down. API: calls while Redis (cut-off store) is up, then
// down. Prints the counters, and greps every span (names, attributes, events, status) for the
// token, the client secret and the human's email and name.

import { HybridSender, InSessionTokenRequest, UserSession } from '@dual-auth/session';
import { createRedisClient, RedisDelegationCutoffStore } from '@dual-auth/store-redis';
import { startRedisServer } from '@dual-auth/testing';
import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { callWith, startKeycloakStack } from './stack.js';

class Reader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}
const reader = new Reader();
const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

const human = {
  sub: crypto.randomUUID(),
  username: 'alice',
  email: 'alice.otel@sre.example',
  name: 'Alice Otel',
  roles: ['FinanceUser'],
};
const {
  idp,
  adapter,
  api: apiWith,
} = await startKeycloakStack({ humans: [human], adapterOptions: { retry: { limit: 1 } } });
const redis = await startRedisServer();
const client = createRedisClient({ url: redis.url });
const env = idp.env();
const act = new HybridSender().extractActFromSession(
  new UserSession({ userId: human.sub, email: human.email, name: human.name }),
);
const inSession = new InSessionTokenRequest({ adapter });
const token = await inSession.requestToken({
  agentId: 'finance-agent',
  act,
  scope: ['finance.read'],
});
const api = apiWith({
  jwksUri: idp.jwksUrl,
  fetch: idp.fetch,
  cutoffStore: new RedisDelegationCutoffStore({ client }),
});
const call = () => callWith(api, token.accessToken);
for (let i = 0; i < 3; i++) await call();
await redis.stop();
for (let i = 0; i < 3; i++) await call();
await redis.start();
const agentOnly = new InSessionTokenRequest({ adapter, cache: false } as never);
await idp.close(); // the IdP down for a fresh token request (no cache)
await agentOnly
  .requestToken({ agentId: 'finance-agent', act, scope: ['finance.write'] })
  .catch((e: Error) => console.log('token request while the IdP is down:', e.name, e.message));

const { resourceMetrics } = await reader.collect();
for (const scope of resourceMetrics.scopeMetrics) {
  for (const metric of scope.metrics) {
    for (const point of metric.dataPoints) {
      const value =
        typeof point.value === 'number'
          ? point.value
          : `count ${(point.value as { count: number }).count}`;
      console.log(
        `metric ${metric.descriptor.name} ${JSON.stringify(point.attributes)} = ${value}`,
      );
    }
  }
}
const spans = exporter.getFinishedSpans();
const text = JSON.stringify(
  spans.map((s) => ({
    name: s.name,
    attributes: s.attributes,
    events: s.events,
    status: s.status,
  })),
);
const needles = {
  token: token.accessToken,
  secret: env.AGENT_CLIENT_SECRET ?? '',
  email: human.email,
  name: human.name,
  username: human.username,
};
console.log(
  `${spans.length} spans (${new Set(spans.map((s) => s.name)).size} names):`,
  [...new Set(spans.map((s) => s.name))].join(', '),
);
for (const [k, v] of Object.entries(needles))
  if (v && text.includes(v)) console.log('LEAK in spans:', k);
if (/eyJ[\w-]{10,}\.[\w-]{10,}\./.test(text)) console.log('LEAK in spans: a JWT');
console.log('span scan done');
await client.close();
await redis.close();
