import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../test/token-server.js';
import { auditRequestId, createAuditEvent, emitAuditEvent } from './audit-event.js';

const schema = JSON.parse(
  readFileSync(new URL('../../audit-event.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

const clock = { now: () => Date.UTC(2026, 11, 1, 6, 0, 0, 123) };

describe('audit event, version 1', () => {
  it('a resource ALLOW has every field, the time from the clock and a UUID request id', () => {
    const event = createAuditEvent({
      source: 'resource',
      clock,
      decision: 'ALLOW',
      agent_id: 'finance-agent',
      human_id: 'u-1',
      delegation_chain: ['finance-agent'],
      audience: ['https://api.example'],
      scope: ['finance.read'],
      reason: 'authorized',
      policy_basis: ['agent:authorized', 'human:role FinanceUser'],
      vendor: 'okta',
      method: 'GET',
      route: '/accounts/:id',
      status: 200,
    });
    expect(event).toMatchObject({
      event: 'dual_auth_decision',
      audit_version: 1,
      time: '2026-12-01T06:00:00.123Z',
      human_oid: null,
      failed_side: null,
    });
    expect(validate(event)).toBe(true);
  });

  it('the schema refuses a DENY without a failed side, an extra field and a reason in prose', () => {
    const deny = createAuditEvent({
      source: 'session',
      decision: 'DENY',
      reason: 'act_jwt.expired',
    });
    expect(validate(deny)).toBe(false);
    expect(validate({ ...deny, failed_side: 'human' })).toBe(true);
    expect(validate({ ...deny, failed_side: 'human', email: 'alice@example.com' })).toBe(false);
    expect(validate({ ...deny, failed_side: 'human', reason: 'Alice was refused' })).toBe(false);
    const basis = ['agent:authorized', 'gateway:bound_token_checked_upstream'];
    expect(validate({ ...deny, failed_side: 'human', policy_basis: basis })).toBe(true);
    expect(validate({ ...deny, failed_side: 'human', policy_basis: ['proxy:x'] })).toBe(false);
  });

  it('says whether the ids it names were proven: identities, null when not given', () => {
    const unproven = createAuditEvent({
      source: 'resource',
      decision: 'DENY',
      failed_side: 'credentials',
      reason: 'access_token.invalid_signature',
      identities: 'unverified',
    });
    expect(unproven).toMatchObject({ identities: 'unverified', agent_id: null, human_id: null });
    expect(validate(unproven)).toBe(true);
    for (const identities of ['verified', 'agent_verified'] as const) {
      expect(validate({ ...unproven, identities })).toBe(true);
    }
    const client = createAuditEvent({ source: 'client', decision: 'ALLOW', reason: 'authorized' });
    expect(client.identities).toBeNull();
    expect(validate(client)).toBe(true);
    expect(validate({ ...unproven, identities: 'trusted' })).toBe(false);
    const { identities: _dropped, ...without } = unproven;
    expect(validate(without)).toBe(false);
  });

  it('keeps a caller UUID as the request id, replaces anything else', () => {
    const id = '0b5c9a52-8a7e-4f0e-9d0e-3c0a3f2f9b11';
    expect(auditRequestId(id.toUpperCase())).toBe(id);
    expect(auditRequestId('eyJhbGciOiJSUzI1NiJ9.x.y')).toMatch(/^[0-9a-f-]{36}$/);
    expect(auditRequestId('eyJhbGciOiJSUzI1NiJ9.x.y')).not.toContain('eyJ');
  });

  it('goes to the logger as info on ALLOW and warn on DENY, the fields beside the event name', () => {
    const { logger, events: records } = recordingLogger();
    const allow = createAuditEvent({ source: 'client', decision: 'ALLOW', reason: 'authorized' });
    emitAuditEvent(logger, allow);
    emitAuditEvent(logger, { ...allow, decision: 'DENY', reason: 'http_403' });
    expect(records.map((r) => [r.level, r.event])).toEqual([
      ['info', 'dual_auth_decision'],
      ['warn', 'dual_auth_decision'],
    ]);
    const { event, ...fields } = allow;
    expect(records[0]?.fields).toEqual(fields);
  });
});
