import { describe, expect, it } from 'vitest';
import { withoutPersonalText } from './without-personal-text.js';

// `people` comes in the act's order (`peopleOf`: sub, email, name…). The login of the email
// (`alice`) was blanked before the name that holds it, so the name's other words survived.
describe('withoutPersonalText blanks a whole name whatever the order of people', () => {
  const act = { sub: '00u-alice', email: 'alice@example.com', name: 'Alice Liddell' };

  it.each([
    ['a per-user scope', 'home:Alice Liddell', 'home:***REDACTED***'],
    ['an IdP error text', 'user Alice Liddell is disabled', 'user ***REDACTED*** is disabled'],
    ['surname first', 'no consent from Liddell, Alice', 'no consent from ***REDACTED***'],
  ])('%s', (_where, text, shown) => {
    expect(withoutPersonalText(text, Object.values(act))).toBe(shown);
    expect(withoutPersonalText(text, Object.values(act).reverse())).toBe(shown);
  });
});
