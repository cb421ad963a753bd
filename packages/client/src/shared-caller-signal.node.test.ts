import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { vendorTokens } from '../test/demo-api.js';
import { InSessionApiCall } from './in-session-api-call.js';

// Node only (node:events): Node warns of a leak (MaxListenersExceededWarning, "Possible
// EventTarget memory leak detected") once a signal has more abort listeners than its limit (10 by
// default; vitest lifts it, so the test counts them).
describe('one caller signal given to many calls in flight', () => {
  it('is followed by one listener for them all, removed when the last ends', async () => {
    const CALLS = 16;
    let sent = 0;
    let allSent: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => {
      allSent = resolve;
    });
    // A fetch that answers only by failing when its request is aborted.
    const fetch = (_url: string | URL | Request, init?: RequestInit): Promise<Response> =>
      new Promise((_resolve, reject) => {
        const signal = init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        if (++sent === CALLS) allSent();
      });
    // An app's shutdown signal, given to every call.
    const controller = new AbortController();
    const call = new InSessionApiCall({ fetch });
    const calls = Array.from({ length: CALLS }, () =>
      call.callApi({
        apiUrl: 'https://api.example.com',
        tokenResponse: vendorTokens.okta,
        signal: controller.signal,
      }),
    );
    await sending;
    expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
    controller.abort(new Error('shutting down'));
    const outcomes = await Promise.allSettled(calls);
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason)).toEqual(
      Array.from({ length: CALLS }, () => new Error('shutting down')),
    );
    expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
  });

  it('is let go by calls that end without an abort: no listener left', async () => {
    const controller = new AbortController();
    const call = new InSessionApiCall({ fetch: async () => new Response('{"balance":42}') });
    const answers = await Promise.all(
      Array.from({ length: 3 }, () =>
        call.callApi({
          apiUrl: 'https://api.example.com',
          tokenResponse: vendorTokens.okta,
          signal: controller.signal,
        }),
      ),
    );
    expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
    await Promise.all(answers.map((answer) => answer.json()));
    expect(getEventListeners(controller.signal, 'abort')).toEqual([]);
  });

  it('is let go on every other way a call ends: refused, failed, retried, a hook throwing', async () => {
    const controller = new AbortController();
    const { signal } = controller;
    const options = { apiUrl: 'https://api.example.com', tokenResponse: vendorTokens.okta, signal };
    const answering = (status: number) => async () => new Response(null, { status });
    let answers = 0;
    const retried = new InSessionApiCall({
      fetch: async () => new Response(null, { status: answers++ === 0 ? 503 : 204 }),
      sleep: async () => undefined,
    });
    const ends = [
      // An answer without a body: the call ends with its headers.
      new InSessionApiCall({ fetch: answering(204) }).callApi(options),
      // A refusal whose body is discarded.
      new InSessionApiCall({ fetch: answering(401) }).callApi(options),
      new InSessionApiCall({
        fetch: async () => {
          throw new TypeError('fetch failed');
        },
        retry: false,
      }).callApi(options),
      retried.callApi(options),
      new InSessionApiCall({
        fetch: answering(204),
        hooks: {
          onRequestStart: () => {
            throw new Error('hook failed');
          },
        },
      }).callApi(options),
    ];
    const outcomes = await Promise.allSettled(ends);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
      'rejected',
    ]);
    expect(getEventListeners(signal, 'abort')).toEqual([]);
  });
});
