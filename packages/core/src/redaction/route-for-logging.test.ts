import { describe, expect, it } from 'vitest';
import { routeForLogging, routeTemplateForLogging } from './route-for-logging.js';

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

  it.each([
    ['a dotted version', '/v1.0/users/:id', '/v1.0/users/:id'],
    [
      'an RFC 8615 well-known URI',
      '/.well-known/openid-configuration',
      '/.well-known/openid-configuration',
    ],
    [
      'a Kubernetes API group',
      '/apis/rbac.authorization.k8s.io/v1',
      '/apis/rbac.authorization.k8s.io/v1',
    ],
    [
      'joined lower-case words',
      '/v1/payment_method_configurations',
      '/v1/payment_method_configurations',
    ],
    ['an ISO date version', '/2024-06-01/orders', '/2024-06-01/orders'],
  ])('keeps %s in a raw path', (_name, path, expected) => {
    expect(routeForLogging(path)).toBe(expected);
  });

  // Two dot-joined words cannot be told from a person's name: privacy first in a raw path.
  it.each([
    ['a two-word name', 'jane.doe'],
    ['a two-label group, as a name would be', 'cert-manager.io'],
    ['a name of three dotted words', 'jane.van.doe'],
    ['an email of three labels', 'jane@mail.example.com'],
    ['a version-like IP address', '10.0.0.7'],
    ['a date with a time', '2024-06-01T10:00:00Z'],
  ])('redacts %s in a raw path', (_name, segment) => {
    expect(routeForLogging(`/people/${segment}/roles`)).toBe('/people/:redacted/roles');
  });

  it('cuts the query and fragment and drops path parameters', () => {
    expect(routeForLogging('/accounts/alice@example.com/balance;token=x?email=y#z')).toBe(
      '/accounts/:redacted/balance',
    );
  });
});

describe('routeTemplateForLogging', () => {
  // What a framework matched (the middlewares of this package say so): the developer's template.
  const fromFramework = (template: string) => routeTemplateForLogging(template, 'framework');

  it('keeps a developer’s template as written, without query, fragment and path parameters', () => {
    expect(fromFramework('/api/2fa/:feed/atom.xml;v=1?x=1#y')).toBe('/api/2fa/:feed/atom.xml');
    expect(fromFramework('/users/:id/jane.doe-style')).toBe('/users/:id/jane.doe-style');
  });

  // A caller's route may be the raw path (Koa's ctx.path): parameter syntax does not vouch for it.
  it('takes a caller’s route with parameter syntax as a raw path too', () => {
    expect(routeTemplateForLogging('/api/2fa/:feed/atom.xml')).toBe(
      '/api/:redacted/:feed/:redacted',
    );
    expect(routeTemplateForLogging('/accounts/{accountId}/items/*')).toBe(
      '/accounts/{accountId}/items/*',
    );
    expect(routeTemplateForLogging('/docs/[...slug]/<int:id>')).toBe('/docs/[...slug]/<int:id>');
  });

  it('redacts a segment with a control or bidi character, or over 64 characters', () => {
    expect(fromFramework('/a/:x/x\ny/b\u202Ec/d')).toBe('/a/:x/:redacted/:redacted/d');
    expect(fromFramework(`/a/:${'w'.repeat(64)}/:${'w'.repeat(63)}`)).toBe(
      `/a/:redacted/:${'w'.repeat(63)}`,
    );
  });

  // A caller gave `guard.check({ route: req.path })`: no parameter syntax, so it may be a raw path.
  it('takes a route without parameter syntax as a raw path: routeForLogging', () => {
    expect(
      routeTemplateForLogging(
        '/users/jane.doe@corp.example/reset/8f3a9c2e1b4d5f60a7b8c9d0e1f2a3b4',
      ),
    ).toBe('/users/:redacted/reset/:redacted');
    expect(routeTemplateForLogging('/api/2fa/feeds/atom.xml')).toBe(
      '/api/:redacted/feeds/:redacted',
    );
    expect(routeTemplateForLogging('/people/jane/42')).toBe('/people/jane/:redacted');
  });

  it.each([
    '/users/me',
    '/v1/health',
    '/api/v1/balance',
    '/.well-known/openid-configuration',
    '/v1/payment_method_configurations',
    '/apis/rbac.authorization.k8s.io/v1',
    '',
    '/',
  ])('keeps the static route %j as written', (route) => {
    expect(routeTemplateForLogging(route)).toBe(route);
  });

  // Upgrade safety: the templates each framework gives are recorded exactly as before.
  it.each([
    ['Express, Fastify, Hono, Koa: a named parameter', '/accounts/:id/balance'],
    ['Express 4, Fastify: a parameter with a pattern', '/user/:id(\\d+)/files'],
    ['Express, Fastify: two parameters in one segment', '/flights/:from-:to'],
    ['Fastify: a parameter with a suffix', '/example/:file(^\\d+).png'],
    ['Fastify, Hono: a wildcard', '/public/*'],
    ['Express 5: a named wildcard', '/files/*splat'],
    ['Express 5: an optional group', '/users{/:id}/posts'],
    ['Hono: a parameter with a pattern', '/posts/:id{[0-9]+}/comments'],
    ['Hono: a pattern matching an email, not an email', '/invite/:email{.+@.+}'],
    ['OpenAPI, ASP.NET: a braced parameter', '/accounts/{accountId}/items'],
    ['Next.js, SvelteKit, Astro: a dynamic segment', '/api/accounts/[id]'],
    ['Next.js: a catch-all segment', '/docs/[...slug]'],
    ['Next.js: an optional catch-all segment', '/shop/[[...slug]]'],
    ['Flask-style: an angle-bracketed parameter', '/users/<int:id>/roles'],
    ['a scoped package path', '/packages/@:scope/:name'],
    ['a template with odd static words', '/api/2fa/:feed/atom.xml'],
    ['a Microsoft Graph version', '/v1.0/users/:id/messages'],
    ['a redacted raw path (idempotent)', '/api/people/:redacted/v1.0/2fa/atom.xml'],
  ])('%s: %s stays as written', (_name, template) => {
    expect(fromFramework(template)).toBe(template);
  });

  it('Hono: an optional parameter loses its `?` as before (read as the start of a query)', () => {
    expect(fromFramework('/api/animal/:type?')).toBe('/api/animal/:type');
  });

  // A template with a raw value pasted in: an email or a token never reaches the audit.
  it.each([
    ['an email', '/users/:id/jane.doe@corp.example', '/users/:id/:redacted'],
    [
      'an email in a parameter-looking segment',
      '/users/:jane.doe@corp.example',
      '/users/:redacted',
    ],
    ['a 32-hex token', '/reset/:id/8f3a9c2e1b4d5f60a7b8c9d0e1f2a3b4', '/reset/:id/:redacted'],
    ['a UUID', '/orgs/:org/0b6f7a52-3c1d-4f0e-9a7b-2d5e8c1f4a60', '/orgs/:org/:redacted'],
    [
      'a long key without digits',
      `/keys/:kind/${'AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh'}`,
      '/keys/:kind/:redacted',
    ],
    ['a percent-encoded email', '/users/:id/jd%40corp.io', '/users/:id/:redacted'],
    ['an email at an IDN domain', '/users/:id/jane@bücher.de', '/users/:id/:redacted'],
    ['an email without a dot', '/users/:id/jane@localhost', '/users/:id/:redacted'],
    ['a full-width at sign', '/users/:id/jane＠corp.example', '/users/:id/:redacted'],
    ['a small at sign', '/users/:id/jane\uFE6Bcorp.example', '/users/:id/:redacted'],
    [
      'a secret in a static route',
      '/webhooks/8f3a9c2e1b4d5f60a7b8c9d0e1f2a3b4',
      '/webhooks/:redacted',
    ],
    [
      'a UUID in a static route',
      '/tenants/0b6f7a52-3c1d-4f0e-9a7b-2d5e8c1f4a60',
      '/tenants/:redacted',
    ],
  ])('redacts %s in a template', (_name, template, expected) => {
    expect(fromFramework(template)).toBe(expected);
  });
});
