import { EventEmitter } from 'node:events';
import { expect, it } from 'vitest';
import { closedSignal } from './node-closed-signal.js';
import { requestClosedSignal } from './request-closed-signal.js';

const clientGone = { name: 'AbortError', message: 'The client closed the connection' };

it('a Node response closed unfinished and a received Request aborted by its server abort with the same AbortError', () => {
  const response = Object.assign(new EventEmitter(), { writableFinished: false });
  const fromNode = closedSignal(response);
  response.emit('close');
  const server = new AbortController();
  const fromRequest = requestClosedSignal(server.signal);
  server.abort('Client connection prematurely closed.');
  for (const signal of [fromNode, fromRequest]) {
    expect(signal.reason).toBeInstanceOf(DOMException);
    expect(signal.reason).toMatchObject(clientGone);
  }
  expect(fromNode.reason).not.toBe(fromRequest.reason);
});
