import { describe, expect, it } from 'vitest';
import { routeForLogging } from './route-for-logging.js';

describe('routeForLogging', () => {
  it('keeps whole route-template segments (`:id`, `{id}`, `*`) and plain segments', () => {
    expect(routeForLogging('/accounts/:id/balance')).toBe('/accounts/:id/balance');
    expect(routeForLogging('/accounts/{accountId}/items/*')).toBe('/accounts/{accountId}/items/*');
  });

  it('redacts a raw segment that only borrows template characters (a URN naming a person)', () => {
    expect(routeForLogging('/users/urn:user:jane.doe/roles')).toBe('/users/:redacted/roles');
    expect(routeForLogging('/a/{x}y/b:c/*z')).toBe('/a/:redacted/:redacted/:redacted');
  });

  it('keeps static words, with a version digit or two', () => {
    expect(routeForLogging('/api/balance')).toBe('/api/balance');
    expect(routeForLogging('/api/v1/payment-methods/oauth2/token_info')).toBe(
      '/api/v1/payment-methods/oauth2/token_info',
    );
  });

  // The route comes from the client's path where no template is known: a client (or a link the
  // human clicked) must not write a secret or a name into every audit line.
  it.each([
    ['a 32-character secret key', ['sk', 'test', 'A1b2C3d4E5f6G7h8I9j0K1l2'].join('_')],
    ['a short key with digits', 'A1b2C3d4'],
    ['a 32-hex reset token or session id', '9f86d081884c7d659a2feaa0c55ad015'],
    ['a person’s name with a dot', 'jane.doe'],
    ['a numeric id', '42'],
    ['a UUID', '0b6f7a52-3c1d-4f0e-9a7b-2d5e8c1f4a60'],
    ['a word over 24 characters', 'abcdefghijklmnopqrstuvwxy'],
    ['a percent-encoded segment', 'j%C3%B6rg'],
  ])('redacts %s', (_name, segment) => {
    expect(routeForLogging(`/v1/keys/${segment}/payslips`)).toBe('/v1/keys/:redacted/payslips');
  });

  it('cuts the query and fragment and drops path parameters', () => {
    expect(routeForLogging('/accounts/alice@example.com/balance;token=x?email=y#z')).toBe(
      '/accounts/:redacted/balance',
    );
  });
});
