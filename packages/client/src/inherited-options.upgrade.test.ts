import { describe, expect, it } from 'vitest';
import { InSessionApiCall } from './in-session-api-call.js';

// Upgrade (session 13): options are read as own properties. Call options built with
// Object.create(defaults) lost their allowedOrigins without a word: the token could go to any
// HTTPS origin a model names. Now the class says so at construction.
describe('an option the call options inherit', () => {
  it('is refused when a prototype of their own gives it', () => {
    const defaults = { allowedOrigins: ['https://api.example.com'] };
    const options = Object.assign(Object.create(defaults), { timeoutMs: 5_000 });
    expect(() => new InSessionApiCall(options)).toThrow(
      'new InSessionApiCall: allowedOrigins is inherited, not an own property, so it would be ignored; copy it in ({ ...defaults, allowedOrigins })',
    );
  });

  it('is refused when a class getter gives it, Object.prototype polluted too', () => {
    class Defaults {
      get allowedOrigins() {
        return ['https://api.example.com'];
      }
    }
    const proto = Object.prototype as Record<string, unknown>;
    proto.allowedOrigins = ['https://evil.example'];
    try {
      expect(() => new InSessionApiCall(new Defaults() as never)).toThrow(
        /allowedOrigins is inherited/,
      );
    } finally {
      delete proto.allowedOrigins;
    }
  });
});
