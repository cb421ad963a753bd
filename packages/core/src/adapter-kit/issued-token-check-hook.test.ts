import { metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CollectingReader } from '../../test/collecting-reader.js';
import { recordingLogger, startTokenServer, type TokenServer } from '../../test/token-server.js';
import { SPECIFICATION_VERSION } from '../contracts/specification-version.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import type { TokenProfile } from '../jwt/token-profile.js';
import type {
  AttemptState,
  CheckedRequest,
  IssuedTokenContext,
  VendorProfile,
} from './base-adapter.js';
import { BaseAdapter } from './base-adapter.js';
import type { FormFields } from './encode-form.js';

const PROFILE: VendorProfile = {
  vendor: 'oauth',
  label: 'OAuth',
  defaultExpiresInSeconds: 3600,
  messages: { byStatus: {}, other: ({ status }) => `OAuth error (${status})` },
};
const TOKEN_PROFILE: TokenProfile = {
  specificationVersion: SPECIFICATION_VERSION,
  vendor: 'oauth',
  layouts: ['rfc8693'],
  clientIdClaims: ['client_id', 'azp'],
  roleClaims: [],
  scopeClaims: ['scope'],
  legacyHuman: 'act-claim',
};

type Seen = { token: string; request: CheckedRequest; context: IssuedTokenContext };

/** An adapter whose `issuedToken.check` records what it was given and refuses with `refusal`. */
class HookedAdapter extends BaseAdapter {
  constructor(
    tokenUrl: string,
    logger: ReturnType<typeof recordingLogger>['logger'],
    seen: Seen[],
    refusal?: TokenRequestError,
  ) {
    super(
      {
        vendor: 'oauth',
        tokenUrl,
        clientId: 'agent-1',
        clientSecret: 'hook-test-secret-value-32-bytes!',
      },
      {
        logger,
        allowInsecureLoopback: true,
        retry: false,
        clock: { now: () => 1_700_000_000_000 },
      },
      {
        profile: PROFILE,
        audience: undefined,
        details: {},
        issuedToken: {
          profile: TOKEN_PROFILE,
          check: (token, request, context) => {
            seen.push({ token: token.accessToken, request, context });
            if (refusal !== undefined) throw refusal;
          },
        },
      },
    );
  }

  protected async buildForm({ request }: AttemptState): Promise<FormFields> {
    return [['scope', request.scope.join(' ')]];
  }
}

const reader = new CollectingReader();
beforeAll(() => metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] })));
afterAll(() => metrics.disable());

let server: TokenServer | undefined;
afterEach(() => server?.close());

async function tokenRequests(outcome: string): Promise<number> {
  const { resourceMetrics } = await reader.collect();
  let sum = 0;
  for (const metric of resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics)) {
    if (metric.descriptor.name !== 'dual_auth.token.requests') continue;
    for (const point of metric.dataPoints) {
      if (point.attributes['dual_auth.outcome'] === outcome) sum += Number(point.value);
    }
  }
  return sum;
}

async function run(refusal?: TokenRequestError) {
  server = await startTokenServer([{ status: 200, body: { access_token: 'AT' } }]);
  const { logger, events } = recordingLogger();
  const seen: Seen[] = [];
  const adapter = new HookedAdapter(server.url, logger, seen, refusal);
  const before = {
    success: await tokenRequests('success'),
    failure: await tokenRequests('failure'),
  };
  const result = await adapter
    .requestToken({ agentId: 'agent-1', act: { sub: 'u-1' }, scope: ['finance.read'] })
    .catch((error: unknown) => error);
  const counted = {
    success: (await tokenRequests('success')) - before.success,
    failure: (await tokenRequests('failure')) - before.failure,
  };
  return { result, events, seen, counted };
}

describe('AdapterInit.issuedToken.check: an adapter’s own check of the issued token', () => {
  it('is given the token, the checked request, the token profile and the clock', async () => {
    const { result, seen, counted } = await run();
    expect(result).toMatchObject({ accessToken: 'AT' });
    expect(seen).toEqual([
      {
        token: 'AT',
        request: expect.objectContaining({ agentId: 'agent-1', act: { sub: 'u-1' } }),
        context: { profile: TOKEN_PROFILE, nowMs: 1_700_000_000_000 },
      },
    ]);
    expect(counted).toEqual({ success: 1, failure: 0 });
  });

  it.each([
    ['human', 'human'],
    ['agent', 'agent'],
    [undefined, 'claims'],
  ] as const)(
    'a refusal (mismatch %s) is logged token_subject_mismatch %s and counted as a failure, never a success',
    async (mismatch, logged) => {
      const refusal = new TokenRequestError({
        vendor: 'oauth',
        status: 200,
        ...(mismatch === undefined ? {} : { mismatch }),
        message: 'the IdP issued a token for another API; check the audience on the IdP',
      });
      const { result, events, counted } = await run(refusal);
      expect(result).toBe(refusal);
      expect(events).toContainEqual({
        level: 'error',
        event: 'token_subject_mismatch',
        fields: { vendor: 'oauth', agent_id: 'agent-1', mismatch: logged },
      });
      const names = events.map((e) => e.event);
      expect(names).toContain('token_request_error');
      expect(names).not.toContain('token_request_success');
      expect(counted).toEqual({ success: 0, failure: 1 });
    },
  );
});
