import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../test/token-server.js';
import { createDualSubjectToken } from '../contracts/dual-subject-token.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import { createTokenRequestLog } from './token-request-log.js';

describe('createTokenRequestLog', () => {
  it('logs IAM identifiers only: never the email, name or tokens', () => {
    const { logger, events } = recordingLogger();
    const log = createTokenRequestLog(logger, 'entraid');
    const request = {
      agentId: 'agent-1',
      act: { sub: 'alice@contoso.example', email: 'alice@x.com', name: 'Alice', oid: 'oid-1' },
      scope: ['api/.default'],
    };
    log.start(request);
    log.success(
      request,
      createDualSubjectToken({
        accessToken: 'SECRET-AT',
        tokenType: 'Bearer',
        expiresIn: 3599,
        scope: 's',
        actAssertion: 'SECRET-ACT',
        issuedAt: 0,
      }),
    );
    log.failure(
      request,
      new TokenRequestError({ message: 'm', status: 401, error: 'invalid_client', attempts: 2 }),
    );
    expect(events.map((e) => [e.level, e.event])).toEqual([
      ['info', 'token_request_start'],
      ['info', 'token_request_success'],
      ['error', 'token_request_error'],
    ]);
    expect(events[0]?.fields).toEqual({
      vendor: 'entraid',
      agent_id: 'agent-1',
      human_id: 'oid-1',
      oid: 'oid-1',
      fields_present: ['email', 'name', 'oid', 'sub'],
      scope: ['api/.default'],
    });
    expect(events[1]?.fields).toMatchObject({ has_act_assertion: true, expires_in: 3599 });
    expect(events[2]?.fields).toMatchObject({
      status_code: 401,
      error_type: 'invalid_client',
      attempts: 2,
    });
    const text = JSON.stringify(events);
    for (const secret of ['@', 'Alice"', 'SECRET-AT', 'SECRET-ACT']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('createTokenRequestLog error_type', () => {
  // The IdP's `error` is remote text: a code-shaped one may still be a name ("jane.victim"); the
  // log and the metric (whose values must stay few) keep registered and the vendor's codes only.
  it('logs registered and the vendor’s own codes as they are, any other code as other', () => {
    const { logger, events } = recordingLogger();
    const log = createTokenRequestLog(logger, 'okta', ['tenant_locked']);
    const request = { agentId: 'agent-1', act: { sub: 'u-1' }, scope: ['s'] };
    for (const error of ['invalid_grant', 'tenant_locked', 'jane.victim', 'user_x_disabled']) {
      log.failure(request, new TokenRequestError({ message: 'm', status: 400, error }));
    }
    expect(
      events.map((e) => (e.fields as { error_type?: unknown } | undefined)?.error_type),
    ).toEqual(['invalid_grant', 'tenant_locked', 'other', 'other']);
  });
});

describe('createTokenRequestLog scope', () => {
  // A per-user scope the caller asks for (`mail:<login>`) names the human like a granted one does
  // in token_scope_widened: emails and the act's values are blanked, a scope an act value is whole
  // (a role claim that is also the scope's name) is kept.
  it('logs the requested scope names without an email or the human the act names', () => {
    const { logger, events } = recordingLogger();
    createTokenRequestLog(logger, 'okta').start({
      agentId: 'agent-1',
      act: { sub: '00u7q2w9', preferred_username: 'aliddell', role: 'admin' },
      scope: ['finance.read', 'mail:alice.liddell@corp.example', 'files:aliddell', 'admin'],
    });
    expect(events[0]?.fields).toMatchObject({
      scope: ['finance.read', 'mail:***REDACTED***', 'files:***REDACTED***', 'admin'],
    });
  });
});
