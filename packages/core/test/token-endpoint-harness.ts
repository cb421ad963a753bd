import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { FormFields } from '../src/adapter-kit/encode-form.js';
import type { RequestTokenEndpointOptions } from '../src/adapter-kit/request-token-endpoint.js';
import { requestTokenEndpoint } from '../src/adapter-kit/request-token-endpoint.js';
import { TokenRequestError } from '../src/errors/token-request-error.js';
import { recordingLogger, type startTokenServer, tokenServerPerTest } from './token-server.js';

/** The client secret every harness form sends; no error may ever show it. */
export const SECRET = 'the-client-secret-value';

/** Keycloak-like messages of the kit's tests. */
export const messages = {
  byStatus: { 400: 'Bad request', 401: 'Authentication failed', 403: 'Access forbidden' },
  other: ({ status, errorType }: { status: number; errorType: string }) =>
    `Keycloak error (${status}): ${errorType}`,
};

/** One `requestTokenEndpoint` call against a scripted server, with what it did. */
export interface Run {
  sleeps: number[];
  forms: number[];
  logged: ReturnType<typeof recordingLogger>['events'];
  call: Promise<unknown>;
}

/**
 * A harness for `requestTokenEndpoint` tests: `run` starts a scripted token server (closed after
 * each test) and calls the endpoint with a form holding {@link SECRET}, a recording logger, a
 * sleep that records its waits without waiting, and time limits no test reaches by slowness.
 */
export function tokenEndpointHarness() {
  const servers = tokenServerPerTest();
  return {
    server: servers.current,
    close: servers.close,
    async run(
      replies: Parameters<typeof startTokenServer>[0],
      extra: Partial<RequestTokenEndpointOptions> = {},
    ): Promise<Run> {
      const server = await servers.start(replies);
      const sleeps: number[] = [];
      const forms: number[] = [];
      const { logger, events } = recordingLogger();
      const call = requestTokenEndpoint({
        vendor: 'keycloak',
        label: 'Keycloak',
        tokenUrl: server.url,
        allowInsecureLoopback: true,
        messages,
        logger,
        buildForm: ({ attempt }): FormFields => {
          forms.push(attempt);
          return [
            ['grant_type', 'client_credentials'],
            ['client_secret', SECRET],
            ['attempt', String(attempt)],
          ];
        },
        sleep: async (ms) => {
          sleeps.push(ms);
        },
        // Longer than any test runs: a slow machine never turns an answer into a timeout.
        timeoutMs: 60_000,
        totalTimeoutMs: 120_000,
        ...extra,
      });
      return { sleeps, forms, logged: events, call };
    },
  };
}

/** The TokenRequestError a call rejected with, checked for {@link SECRET} in every string form. */
export async function failure(
  call: Promise<unknown>,
  secrets: readonly string[] = [SECRET],
): Promise<TokenRequestError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!TokenRequestError.isInstance(error)) throw new Error(`expected TokenRequestError: ${error}`);
  for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
  return error;
}

/**
 * Every text an IdP's `invalid_grant` answer with `description` reaches through a call of `run`
 * that named `people` (as `BaseAdapter` passes them): the error's `errorDescription`, its string
 * forms and the log lines, for a test that none of them names the human.
 */
export async function textsOfEchoedDescription(
  run: ReturnType<typeof tokenEndpointHarness>['run'],
  description: string,
  people: readonly string[],
): Promise<string[]> {
  const { call, logged } = await run(
    [
      {
        status: 400,
        body: JSON.stringify({ error: 'invalid_grant', error_description: description }),
        headers: { 'content-type': 'application/json' },
      },
    ],
    { people, retry: false },
  );
  const error = await failure(call);
  return [
    error.errorDescription ?? '',
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    JSON.stringify(logged),
  ];
}
