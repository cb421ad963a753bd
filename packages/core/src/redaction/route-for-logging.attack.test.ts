import { describe, expect, it } from 'vitest';
import { routeForLogging, routeTemplateForLogging } from './route-for-logging.js';

// guard.check's `route` "may be a raw path" (its TSDoc): a Koa or plain-Node app gives `ctx.path`.
// The client writes that path, and one parameter-syntax character anywhere in it turns the whole
// path into a "template", whose short segments are kept as written.
describe('attack: routeTemplateForLogging over a raw path the client wrote', () => {
  it.each([
    ['a trailing `*` segment', '/people/jane.doe/*', 'jane.doe'],
    ['a `:x` segment', '/people/jane.doe/:x', 'jane.doe'],
    ['a `[` in another segment', '/people/jane.doe/a[b', 'jane.doe'],
    ['a `{` in another segment', '/reset/A1b2C3d4E5f6/{', 'A1b2C3d4E5f6'],
    ['a percent-encoded email', '/users/jd%40corp.io/*', 'jd%40corp.io'],
    ['an email at an IDN domain', '/users/jane@bücher.de/*', 'jane@bücher.de'],
    ['an email without a dot', '/users/jane@localhost/*', 'jane@localhost'],
    ['a full-width at sign', '/users/jane＠corp.example/*', 'jane＠corp.example'],
  ])('never records the person or secret beside %s', (_case, path, secret) => {
    expect(routeTemplateForLogging(path)).not.toContain(secret);
  });
});

// Attack (older, still there): routeForLogging keeps a raw segment shaped as a whole template
// parameter, of any length: `:` or braces around a token or name the client wrote stay verbatim
// in the audit line of the fetch wrapper, an Express mount or Fastify's 404.
describe('attack: routeForLogging over a raw segment shaped as a template parameter', () => {
  it.each([
    ['a colon before a key', '/reset/:A1b2C3d4E5f6G7h8I9j0K1l2', 'A1b2C3d4E5f6G7h8I9j0K1l2'],
    ['braces around a name', '/people/{jane_doe}/payslips', 'jane_doe'],
  ])('never records %s', (_case, path, secret) => {
    expect(routeForLogging(path)).not.toContain(secret);
  });
});
