import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../test/counting-adapter.js';
import { HybridSender } from './hybrid-sender.js';
import { UserSession } from './user-session.js';

// Attack (session 38): a record session whose user id is not a string (`{ userId: ['alice'] }`,
// a framework's array of ids) was said to have no user id at all; one with two user ids that
// differ (`{ userId: 'alice', sub: 'bob' }`: the app's own id beside the IdP's, or a merged
// object) silently became the first, a human picked by field order.
const act = (session: Record<string, unknown>) =>
  new HybridSender({}).extractActFromSession(session);

describe('attack: a record session whose user id is of another type, or ambiguous', () => {
  it.each([
    [{ userId: ['alice'] }, 'userId', 'array'],
    [{ sub: 42 }, 'sub', 'number'],
    [{ user_id: { id: 'alice' }, sub: 'alice' }, 'user_id', 'object'],
  ])('names the field and the type found, not "no user id": %o', (session, field, type) => {
    expect(() => act(session)).toThrow(
      new TypeError(`Session ${field} must be a string, got ${type}`),
    );
  });

  it.each([
    [{ userId: 'alice', sub: 'bob' }, 'userId', 'sub'],
    [{ user_id: 'alice', uid: 'bob' }, 'user_id', 'uid'],
    [{ sub: 'alice', oid: 'oid-1', uid: 'bob' }, 'sub', 'uid'],
  ])(
    'refuses two user ids that differ, naming both fields, never their values: %o',
    (session, a, b) => {
      let error: unknown;
      try {
        act(session);
      } catch (caught) {
        error = caught;
      }
      expect(error).toEqual(
        new TypeError(`Session names two different user ids (${a} and ${b}): keep one`),
      );
      expect(String(error)).not.toMatch(/alice|bob/);
    },
  );

  it('takes the same id under two names, and an Entra oid beside the sub', () => {
    expect(act({ userId: 'alice', sub: 'alice' })).toEqual({ sub: 'alice' });
    expect(act({ sub: 'pairwise-sub', oid: 'oid-1' })).toEqual({
      sub: 'pairwise-sub',
      oid: 'oid-1',
    });
    expect(act({ userId: null, user_id: '', sub: 'alice' })).toEqual({ sub: 'alice' });
  });

  it('UserSession names the type of a userId that is not a string', () => {
    expect(() => new UserSession({ userId: ['alice'] as never })).toThrow(
      new TypeError('UserSession: userId must be a non-empty string (the IdP user id), got array'),
    );
  });
});

// Session 38 (wave38/strict): the refusals above were thrown but never logged, while a session
// without a user id logs `session_missing_user_id`: an operator saw the 500s and no line saying why.
describe('the refusals of a record user id are logged, naming fields and types, never values', () => {
  function logged(session: Record<string, unknown>) {
    const logger = recordingLogger();
    expect(() => new HybridSender({ logger }).extractActFromSession(session)).toThrow(TypeError);
    expect(JSON.stringify(logger.events)).not.toMatch(/alice|bob|carol/);
    return logger.events.at(-1);
  }

  it.each([
    [{ userId: ['alice'], email: 'carol@example.com' }, 'userId', 'array'],
    [{ sub: 42 }, 'sub', 'number'],
  ])('logs session_user_id_not_string: %o', (session, field, type) => {
    expect(logged(session)).toEqual({
      level: 'warn',
      event: 'session_user_id_not_string',
      fields: { field, value_type: type },
    });
  });

  it('logs session_user_ids_differ with both fields', () => {
    expect(logged({ sub: 'alice', oid: 'oid-1', uid: 'bob' })).toEqual({
      level: 'warn',
      event: 'session_user_ids_differ',
      fields: { fields: ['sub', 'uid'] },
    });
  });
});
