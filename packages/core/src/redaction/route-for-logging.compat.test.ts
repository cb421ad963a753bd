import { describe, expect, it } from 'vitest';
import { routeForLogging } from './route-for-logging.js';

// Upgrade-safety review (breaker15): the audit/span route is now cut to "static words" (a letter,
// then letters, digits, - and _, at most 24 characters and 2 digits). The route is only recorded
// (audit `route`, span `http.route`, logs), never given to a check, so nobody is locked out, but
// these real route TEMPLATES (the framework's matched route, no id in them) come out unreadable,
// and dashboards/alerts keyed on them break after the upgrade.
describe('routeForLogging keeps the static parts of real route templates', () => {
  it.each([
    // Microsoft Graph style API versions (https://learn.microsoft.com/graph/versioning-and-support).
    ['/v1.0/users/:id/messages', '/v1.0/users/:id/messages'],
    ['/api/v2.1/accounts/{id}', '/api/v2.1/accounts/{id}'],
    // RFC 8615 well-known URIs.
    ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource'],
    // Kubernetes API groups (https://kubernetes.io/docs/reference/using-api/#api-groups).
    [
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/:name',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/:name',
    ],
    // A static word longer than 24 characters (Stripe's API reference).
    ['/v1/payment_method_configurations/:id', '/v1/payment_method_configurations/:id'],
    // Date-versioned routes.
    ['/2024-06-01/orders/:id', '/2024-06-01/orders/:id'],
  ])('%s', (route, expected) => {
    expect(routeForLogging(route)).toBe(expected);
  });
});
