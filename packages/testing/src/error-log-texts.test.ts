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
});
