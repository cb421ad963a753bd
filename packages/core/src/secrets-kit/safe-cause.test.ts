import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeError, safeCause } from './safe-cause.js';

class SdkError extends Error {
  override name = 'AccessDeniedException';
  readonly code = 'AccessDenied';
  readonly $response = { headers: { authorization: 'Bearer ya29.secret-token' } };
  readonly request = { body: 'client_secret=hunter2' };
}

describe('safeCause', () => {
  it('keeps name, message and string code, and nothing else', () => {
    const copy = safeCause(new SdkError('User is not authorized'));
    expect(copy).toBeInstanceOf(Error);
    expect(copy).toMatchObject({
      name: 'AccessDeniedException',
      message: 'User is not authorized',
      code: 'AccessDenied',
    });
    expect(Object.keys(copy)).toEqual(['name', 'code']);
    for (const text of [inspect(copy, { depth: 9, showHidden: true }), JSON.stringify(copy)]) {
      expect(text).not.toContain('ya29');
      expect(text).not.toContain('hunter2');
    }
  });

  it('drops the message when asked, and takes the code it is given', () => {
    const quoting = new SyntaxError('Unexpected token in "s3cr3t"');
    expect(safeCause(quoting, { keepMessage: false })).toMatchObject({
      name: 'SyntaxError',
      message: 'SyntaxError',
    });
    expect(safeCause(new SdkError('x'), { code: 'PERMISSION_DENIED' })).toMatchObject({
      code: 'PERMISSION_DENIED',
    });
    const numeric = Object.assign(new Error('denied'), { code: 7 });
    expect(Object.keys(safeCause(numeric))).toEqual(['name']);
  });

  it('keeps a name or code only when it is an identifier: a service may write an email or a token there', () => {
    // AWS's `__type` / `x-amzn-errortype` becomes the SDK error's name, Azure's body `error.code`
    // its code: a proxy or a hostile endpoint writes what it likes.
    const hostile = Object.assign(new Error('denied'), {
      name: 'jane.doe@corp.example',
      code: 'Bearer ya29.secret-token',
    });
    const copy = safeCause(hostile);
    expect(copy).toMatchObject({ name: 'Error', message: 'denied' });
    expect(Object.keys(copy)).toEqual(['name']);
    for (const text of [inspect(copy, { showHidden: true }), JSON.stringify(copy), String(copy)]) {
      expect(text).not.toMatch(/jane|ya29/);
    }
    expect(safeCause(new Error('x'), { code: 'not a code' })).not.toHaveProperty('code');
    // Without the message (session 38): the copy said the raw name instead.
    const nameless = safeCause(hostile, { keepMessage: false });
    expect(nameless).toMatchObject({ name: 'Error', message: 'Error' });
    expect(String(nameless)).not.toMatch(/jane/);
  });

  it('trims the message to one bounded line', () => {
    const copy = safeCause(new Error(`line one\nline two ${'x'.repeat(600)}`));
    expect(copy.message.startsWith('line one line two x')).toBe(true);
    expect(copy.message.length).toBe(501);
    expect(safeCause(new TypeError('')).message).toBe('TypeError');
  });

  it('replaces a thrown non-error', () => {
    const copy = safeCause({ token: 'ya29.secret-token' });
    expect(copy).toMatchObject({ name: 'Error', message: 'unknown error' });
    expect(inspect(copy)).not.toContain('ya29');
  });
});

describe('describeError', () => {
  it('is the trimmed message, else the name', () => {
    expect(describeError(new Error('  invalid_grant\r\n'))).toBe('invalid_grant');
    expect(describeError(new RangeError(''))).toBe('RangeError');
    expect(describeError(new Error('y'.repeat(300)))).toHaveLength(201);
    expect(describeError('a string')).toBe('unknown error');
  });

  it('blanks every email, as a denial names its caller, and the credentials it quotes', () => {
    const denial = new SdkError(
      'User: arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123/jane.doe@corp.example is not authorized: Bearer ya29.a0AfH6SMBx-secret-token',
    );
    for (const text of [describeError(denial), safeCause(denial).message]) {
      // An email's local part may hold `/` (RFC 5322 atext): the role path goes with it.
      expect(text).toBe(
        'User: arn:aws:sts::123456789012:***REDACTED*** is not authorized: ***REDACTED***',
      );
    }
  });
});
