import { describe, expect, it } from 'vitest';
import { routeForLogging } from './route-for-logging.js';

// Attack: the audit record's `route` comes from the request path the client chose (the fetch
// middleware and `checkRequest` use the URL's path, Express `baseUrl + path`, never a template),
// and a segment of at most 32 letters, digits and `._~-` is logged as it is. Secrets and names
// fit in that shape, so a client (or a link the human clicked) writes them into every audit line.
describe('routeForLogging on hostile paths', () => {
  it('does not log a 32-character secret key (shaped like a Stripe key)', () => {
    // Built from parts so no scanner takes the fake key for a real one.
    const key = ['sk', 'test', 'A1b2C3d4E5f6G7h8I9j0K1l2'].join('_');
    expect(key).toHaveLength(32);
    expect(routeForLogging(`/v1/keys/${key}`)).not.toContain(key);
  });

  it('does not log a 32-hex reset token or session id', () => {
    const route = routeForLogging('/password-reset/9f86d081884c7d659a2feaa0c55ad015');
    expect(route).not.toContain('9f86d081884c7d659a2feaa0c55ad015');
  });

  it('does not log a person’s name used as a path segment', () => {
    expect(routeForLogging('/people/jane.doe/payslips')).not.toContain('jane.doe');
  });
});
