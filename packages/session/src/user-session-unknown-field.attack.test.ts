import { describe, expect, it } from 'vitest';
import { HybridSender } from './hybrid-sender.js';
import { UserSession } from './user-session.js';

// Attack (mix-up): a field the app meant for the human, under a name UserSession does not take
// (Python's user_oid, an ID token's oid, a typo), was dropped without a word: the act went out
// without the human's oid, and the agent's token named only part of the human.
describe('attack: a UserSession field under a name it does not take', () => {
  it.each([
    ['user_oid', 'did you mean userOid?'],
    ['email', 'the options are userId, userEmail, userName, userOid, accessToken, idToken'],
    ['oid', 'the options are userId, userEmail, userName, userOid, accessToken, idToken'],
  ])('refuses %s by name, saying what it takes', (field, hint) => {
    expect(() => new UserSession({ userId: 'u-1', [field]: 'oid-1' } as never)).toThrow(
      new TypeError(
        `UserSession: ${field} is not an option (${hint}); pass only the options it takes, and install every @dual-auth package from one release line`,
      ),
    );
  });

  it('still carries userOid into the act', () => {
    const session = new UserSession({ userId: 'u-1', userOid: 'oid-1' });
    expect(new HybridSender({}).extractActFromSession(session)).toEqual({
      sub: 'u-1',
      oid: 'oid-1',
    });
  });
});

describe('a UserSession given to new UserSession', () => {
  it('is copied whole, its email, name and tokens with it (readOptions refused its getters as inherited)', () => {
    const accessToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2ln';
    const first = new UserSession({
      userId: 'u-1',
      userOid: '0d1c2b3a-0000-4000-8000-000000000001',
      userEmail: 'alice@example.com',
      userName: 'Alice',
      accessToken,
    });
    const copy = new UserSession(first);
    expect([copy.userId, copy.userOid, copy.userEmail, copy.userName]).toEqual([
      'u-1',
      '0d1c2b3a-0000-4000-8000-000000000001',
      'alice@example.com',
      'Alice',
    ]);
    expect(copy.accessToken?.value).toBe(accessToken);
    expect(copy.idToken).toBeUndefined();
    expect(String(copy)).toBe(String(first));
  });
});
