import { auth0TokenProfile } from '@dual-auth/adapter-auth0';
import { expect, it } from 'vitest';
import { agentHasScope, humanIn } from '../index.js';
import { withDualAuth } from './index.js';

// Journey 10 (wave10/journey10): an edge team reads the README's Audit section ("`route` is the
// framework's route template (…, or the `route` option of the fetch wrapper)") and passes the
// template they know, a string. `withDualAuth` accepts it, then every request crashes inside the
// wrapper with "TypeError: route is not a function": a 500 from the runtime, the handler never
// runs, and nothing is audited. Every other option of the wrapper is checked at creation with a
// TypeError that says what to pass; `route` should be too.
const options = {
  profile: auth0TokenProfile,
  issuer: 'https://tenant.auth0.com/',
  audience: 'https://api.example.com/finance',
  jwksUri: 'https://tenant.auth0.com/.well-known/jwks.json',
  agentAllowed: agentHasScope('read:finance-data'),
  humanAllowed: humanIn(['auth0|alice']),
};

it('refuses a route that is not a function at creation, saying to pass (request) => string', () => {
  const create = () =>
    withDualAuth(() => new Response('ok'), {
      ...options,
      route: '/api/users/:id' as unknown as (request: Request) => string,
    });
  expect(create).toThrow(TypeError);
  expect(create).toThrow(/route.*function/);
});

it('names the type found for any other route that is not a function, and takes a function', () => {
  for (const [route, found] of [
    [42, 'number'],
    [null, 'null'],
    [{ path: '/api' }, 'object'],
  ] as const) {
    expect(() =>
      withDualAuth(() => new Response('ok'), {
        ...options,
        route: route as unknown as (request: Request) => string,
      }),
    ).toThrow(
      `(request) => string that gives the route to audit the request as, such as (request) => '/api/users/:id', got ${found}`,
    );
  }
  expect(
    typeof withDualAuth(() => new Response('ok'), { ...options, route: () => '/api/users/:id' }),
  ).toBe('function');
});
