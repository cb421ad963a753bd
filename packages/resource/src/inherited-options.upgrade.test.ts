import type { DualAuthAuditEvent } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { createSigningKey, type SigningKey } from '../test/support/token-kit.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';

// Upgrade (Session 12, upg13): the guard now reads its options as own properties. A team whose
// options come from a class (a getter) or Object.create(defaults) lost them without a word: its
// onDecision audit sink stopped receiving records, its logger and tolerances fell back to
// defaults. Now the guard says so at creation.
describe('an option the guard options inherit', () => {
  let idpKey: SigningKey;
  beforeAll(async () => {
    idpKey = await createSigningKey('idp-1');
  });
  const base = (): DualAuthGuardOptions => keycloakGuardOptions(idpKey.publicJwk);

  it('is refused when a class getter gives it', () => {
    class AuditedOptions {
      get onDecision() {
        return (_event: DualAuthAuditEvent) => undefined;
      }
    }
    const options = Object.assign(new AuditedOptions(), base());
    expect(() => createDualAuthGuard(options)).toThrow(
      'createDualAuthGuard: onDecision is inherited, not an own property, so it would be ignored; copy it in ({ ...defaults, onDecision })',
    );
  });

  it('is refused when Object.create(defaults) gives it', () => {
    const options = Object.assign(Object.create({ clockToleranceSeconds: 5 }), base());
    expect(() => createDualAuthGuard(options)).toThrow(/clockToleranceSeconds is inherited/);
  });

  it('is ignored, and the guard built, when a polluted Object.prototype gives it', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.clockToleranceSeconds = 1e9;
    try {
      expect(createDualAuthGuard(base()).check).toBeTypeOf('function');
    } finally {
      delete proto.clockToleranceSeconds;
    }
  });

  // Review brk25: the check asked whether Object.prototype has the key, not where it came from,
  // so a polluted Object.prototype let a class getter's audit sink be dropped without a word.
  it('is refused when a prototype of their own gives it, Object.prototype polluted too', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.onDecision = () => undefined;
    try {
      const options = Object.assign(Object.create({ onDecision: () => undefined }), base());
      expect(() => createDualAuthGuard(options)).toThrow(/onDecision is inherited/);
    } finally {
      delete proto.onDecision;
    }
  });
});
