import { PassThrough } from 'node:stream';
import Fastify from 'fastify';
import { expect, it } from 'vitest';
import { describeMiddleware, FIRST_EVENT } from '../../test/support/middleware-scenario.js';
import { recordingGuard } from '../../test/support/recording-guard.js';
import { dualAuth } from './index.js';

describeMiddleware(
  'Fastify',
  async (options) => {
    const app = Fastify();
    app.decorateRequest('dualSubject', undefined);
    app.addHook('onRequest', dualAuth(options));
    app.get<{ Params: { id: string } }>('/api/accounts/:id', async (request, reply) => {
      if (request.params.id === '404') return reply.code(404).send({ error: 'not_found' });
      if (request.params.id === '500') throw new Error('route failed');
      if (request.params.id === 'stream') {
        const events = new PassThrough();
        events.write(FIRST_EVENT);
        return reply.type('text/event-stream').send(events);
      }
      return { agent: request.dualSubject?.agent.id, human: request.dualSubject?.human.sub };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, close: () => app.close() };
  },
  '/api/accounts/:id',
);

it('Fastify: audits the path of a request no route matched with what may name a person trimmed', async () => {
  const { guard, inputs } = recordingGuard();
  const app = Fastify();
  app.addHook('onRequest', dualAuth(guard));
  const response = await app.inject({ url: '/api/alice@example.com/balance;token=abc?x=1' });
  expect(response.statusCode).toBe(401);
  expect(inputs.map((input) => input.route)).toEqual(['/api/:redacted/balance']);
});
