import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './configuration-error.js';
import { errorClassOf } from './error-class-of.js';

describe('errorClassOf', () => {
  it("names an Error by its class name, a subclass's own name included", () => {
    expect(errorClassOf(new TypeError('x'))).toBe('TypeError');
    expect(errorClassOf(new ConfigurationError({ message: 'x' }))).toBe('ConfigurationError');
    expect(errorClassOf(new DOMException('stopped', 'AbortError'))).toBe('AbortError');
  });

  it('names anything else thrown by its typeof', () => {
    expect(errorClassOf('a string')).toBe('string');
    expect(errorClassOf(undefined)).toBe('undefined');
    expect(errorClassOf(42)).toBe('number');
    expect(errorClassOf(null)).toBe('object');
    expect(errorClassOf({ name: 'LooksLikeAnError', message: 'x' })).toBe('object');
  });

  it('never returns the message, where a secret may sit', () => {
    const secret = 'client_secret=s3cr3t';
    expect(errorClassOf(new Error(secret))).toBe('Error');
    expect(errorClassOf(secret)).toBe('string');
  });
});
