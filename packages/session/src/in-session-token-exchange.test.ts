import { inspect } from 'node:util';
import { createSubjectToken } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { CountingAdapter, recordingLogger } from '../test/counting-adapter.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { UserSession } from './user-session.js';

const act = { sub: 'u-1' };
const TOKEN_A = 'human-token-aaaaaaaaaaaaaaaaaaaa';
const TOKEN_B = 'human-token-bbbbbbbbbbbbbbbbbbbb';

describe('InSessionTokenRequest with the human token (token exchange)', () => {
  it('hands UserSession.subjectToken to the adapter and logs nothing of it', async () => {
    const adapter = new CountingAdapter();
    const logger = recordingLogger();
    const inSession = new InSessionTokenRequest({ adapter, logger });
    const session = new UserSession({ userId: 'u-1', accessToken: TOKEN_A });
    await inSession.requestToken({
      agentId: 'agent',
      act,
      scope: ['s'],
      subjectToken: session.subjectToken,
    });
    expect(adapter.requests[0]?.subjectToken?.value).toBe(TOKEN_A);
    expect(inspect(logger.events, { depth: 10 })).not.toContain(TOKEN_A);
  });

  it('never serves a token exchanged from one subject token for another', async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter });
    const request = (token: string) =>
      inSession.requestToken({
        agentId: 'agent',
        act,
        scope: ['s'],
        subjectToken: createSubjectToken(token),
      });
    await request(TOKEN_A);
    await request(TOKEN_A);
    await request(TOKEN_B);
    expect(adapter.calls).toBe(2);
    expect(adapter.requests.map((r) => r.subjectToken?.value)).toEqual([TOKEN_A, TOKEN_B]);
  });

  it("tokenProvider passes the human's token on every getToken, renewals too, and shows none of it", async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter });
    const session = new UserSession({ userId: 'u-1', accessToken: TOKEN_A });
    const provider = inSession.tokenProvider({
      agentId: 'agent',
      act,
      scope: ['s'],
      subjectToken: session.subjectToken,
    });
    await provider.getToken({});
    await provider.getToken({});
    await provider.getToken({ forceRefresh: true });
    expect(adapter.calls).toBe(2);
    expect(adapter.requests.map((r) => r.subjectToken?.value)).toEqual([TOKEN_A, TOKEN_A]);
    expect(inspect(provider, { depth: 10 })).not.toContain(TOKEN_A);
    expect(JSON.stringify(provider)).not.toContain(TOKEN_A);
  });

  it('refuses a subjectToken that is a bare string', async () => {
    const inSession = new InSessionTokenRequest({ adapter: new CountingAdapter() });
    await expect(
      inSession.requestToken({
        agentId: 'agent',
        act,
        scope: ['s'],
        subjectToken: TOKEN_A as never,
      }),
    ).rejects.toThrow('subjectToken must be a SubjectToken');
  });
});
