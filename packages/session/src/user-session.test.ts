import { inspect } from 'node:util';
import { TOKEN_TYPE } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { HybridSender } from './hybrid-sender.js';
import { UserSession } from './user-session.js';

const ACCESS = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEiLCJ0eXAiOiJhdCJ9.YWNjZXNzLXNpZw';
const ID = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEiLCJ0eXAiOiJpZCJ9.aWQtc2ln';

describe('UserSession holding the human token for a token exchange', () => {
  it('hands the access token over as the subject token, else the ID token', () => {
    const both = new UserSession({ userId: 'u-1', accessToken: ACCESS, idToken: ID });
    expect(both.subjectToken).toMatchObject({ value: ACCESS, type: TOKEN_TYPE.accessToken });
    expect(both.idToken).toMatchObject({ value: ID, type: TOKEN_TYPE.idToken });
    const idOnly = new UserSession({ userId: 'u-1', idToken: ID });
    expect(idOnly.subjectToken).toMatchObject({ value: ID, type: TOKEN_TYPE.idToken });
    expect(new UserSession({ userId: 'u-1' }).subjectToken).toBeUndefined();
  });

  it('never shows either token: String, JSON, inspect, spreads, the extracted act', () => {
    const session = new UserSession({ userId: 'u-1', accessToken: ACCESS, idToken: ID });
    const act = new HybridSender().extractActFromSession(session);
    for (const text of [
      String(session),
      JSON.stringify(session),
      inspect(session, { depth: 5, showHidden: true }),
      JSON.stringify({ ...session }),
      JSON.stringify(act),
      String(session.subjectToken),
      inspect(session.subjectToken, { showHidden: true }),
    ]) {
      expect(text).not.toContain(ACCESS);
      expect(text).not.toContain(ID);
      expect(text).not.toContain('c2ln');
    }
    expect(JSON.parse(JSON.stringify(session))).toMatchObject({
      accessToken: '***REDACTED***',
      idToken: '***REDACTED***',
    });
  });

  it('refuses a token that is not one, without quoting it', () => {
    expect(() => new UserSession({ userId: 'u-1', accessToken: 'Bearer abc' })).toThrow(
      /UserSession: accessToken: subject token must be visible ASCII/,
    );
    expect(() => new UserSession({ userId: 'u-1', idToken: 7 as never })).toThrow(
      'UserSession: idToken must be a string',
    );
  });
});
