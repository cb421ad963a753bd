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

  it('writes a name that is no class name (it may hold user data) as Error', () => {
    const renamed = new Error('x');
    renamed.name = 'alice@example.com';
    expect(errorClassOf(renamed)).toBe('Error');
    const long = new Error('x');
    long.name = 'A'.repeat(65);
    expect(errorClassOf(long)).toBe('Error');
  });

  it('never returns the message, where a secret may sit', () => {
    const secret = 'client_secret=s3cr3t';
    expect(errorClassOf(new Error(secret))).toBe('Error');
    expect(errorClassOf(secret)).toBe('string');
  });
});
