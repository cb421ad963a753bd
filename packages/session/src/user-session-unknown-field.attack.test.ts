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
