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

  it('cuts the query and fragment and drops path parameters', () => {
    expect(routeForLogging('/accounts/alice@example.com/balance;token=x?email=y#z')).toBe(
      '/accounts/:redacted/balance',
    );
  });
});
