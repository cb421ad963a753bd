import { describe, expect, it } from 'vitest';
import { OriginRefusedError } from './origin-refused-error.js';

describe('OriginRefusedError', () => {
  it('is an Error with its own name and the message it was given, and nothing else', () => {
    const error = new OriginRefusedError(
      'apiUrl refused: its origin is not in options.allowedOrigins',
    );
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe(
      'OriginRefusedError: apiUrl refused: its origin is not in options.allowedOrigins',
    );
    expect(JSON.stringify(error)).toBe('{"name":"OriginRefusedError"}');
    expect(OriginRefusedError.isInstance(error)).toBe(true);
    expect(OriginRefusedError.isInstance(new Error('origin refused'))).toBe(false);
    expect(OriginRefusedError.isInstance(undefined)).toBe(false);
  });

  it('recognises one made by another copy of the package (no shared class)', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('dual-auth.error.OriginRefusedError')]: true,
    });
    expect(OriginRefusedError.isInstance(foreign)).toBe(true);
  });
});
