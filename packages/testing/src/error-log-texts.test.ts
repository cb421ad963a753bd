import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { errorLogTexts } from './error-log-texts.js';

describe('errorLogTexts', () => {
  it('shows what each way of logging an error reveals', () => {
    const hidden = Object.assign(new Error('outer'), { request: { token: 'field-secret' } });
    Object.defineProperty(hidden, 'toJSON', {
      value: () => ({ name: 'Error', shown: 'json-only' }),
    });
    Object.defineProperty(hidden, Symbol.for('nodejs.util.inspect.custom'), {
      value: () => 'inspect-only',
    });
    const error = new Error('top', {
      cause: new AggregateError([new Error('in an aggregate')], 'aggregate', { cause: hidden }),
    });
    const texts = errorLogTexts(error);
    expect(texts.string).toBe('Error: top');
    expect(texts.stack).toMatch(/^Error: top\n {4}at /);
    expect(texts.json).toBe('{}');
    expect(texts.causes).toContain('in an aggregate');
    expect(texts.causes).toContain('inspect-only');
    expect(texts.inspect).toContain('in an aggregate');
    // structuredClone keeps the cause chain (not an AggregateError's errors).
    expect(texts.structuredClone).toContain('Error: outer');
    expect(errorLogTexts(hidden)).toMatchObject({ json: expect.stringContaining('json-only') });
    expect(errorLogTexts(hidden).fields).toContain('field-secret');
    expect(errorLogTexts(hidden).inspect).toBe('inspect-only');
  });

  it('follows a cause cycle once and reports what structuredClone refuses', () => {
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    Object.assign(first, { cause: second });
    expect(errorLogTexts(first).causes.match(/second/g)?.length).toBeGreaterThan(0);
    const uncloneable = new Error('x', { cause: () => 1 });
    expect(errorLogTexts(uncloneable).structuredClone).toMatch(/^structuredClone refused: /);
    expect(errorLogTexts('a string')).toMatchObject({ string: 'a string', stack: '', fields: '' });
  });
  it('shows each nested error as pino writes it, not only as its util.inspect.custom shows it', () => {
    // pino's `err` serializer writes an AggregateError's errors and an error in a field with their
    // enumerable fields, and a cause's message and stack, whatever their own inspect prints.
    const hiding = (message: string, fields: object): Error => {
      const error = Object.assign(new Error(message), fields);
      Object.defineProperty(error, inspect.custom, { value: () => 'nothing to see' });
      return error;
    };
    const member = hiding('member', { token: 'member-field-secret' });
    const inField = hiding('in a field', { token: 'field-error-secret' });
    const texts = errorLogTexts(
      Object.assign(new AggregateError([member], 'aggregate'), { upstream: inField }),
    );
    expect(texts.causes).toContain('member-field-secret');
    expect(texts.causes).toContain('field-error-secret');
  });

  it('reports a getter, toJSON or toString that throws instead of throwing itself', () => {
    const error = new Error('getters');
    Object.defineProperty(error, 'lazy', {
      enumerable: true,
      get: () => {
        throw new Error('getter failed');
      },
    });
    Object.defineProperty(error, 'toJSON', {
      value: () => {
        throw new Error('toJSON failed');
      },
    });
    const texts = errorLogTexts(new Error('top', { cause: error }));
    expect(texts.causes).toMatch(/its fields threw: Error: getter failed/);
    expect(errorLogTexts(error).json).toMatch(/^JSON\.stringify threw: Error: toJSON failed/);
    const unprintable = Object.assign(new Error('x'), { toString: () => ({}) });
    expect(errorLogTexts(unprintable).string).toMatch(/^String threw: TypeError/);
  });
});
