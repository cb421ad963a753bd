import { describe, expect, it } from 'vitest';
import { runIamAdapterConformance } from './run-iam-adapter-conformance.js';

describe('runIamAdapterConformance options', () => {
  it('refuses an unknown vendor or a missing factory before registering any test', () => {
    const createAdapter = () => {
      throw new Error('not called');
    };
    expect(() => runIamAdapterConformance({ vendor: 'ping' as never, createAdapter })).toThrow(
      'vendor must be one of keycloak, auth0, okta, entraid',
    );
    expect(() => runIamAdapterConformance({ vendor: 'okta', createAdapter: 'x' as never })).toThrow(
      TypeError,
    );
    expect(() => runIamAdapterConformance(undefined as never)).toThrow(TypeError);
  });
});
