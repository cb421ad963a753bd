import { describe, expect, it } from 'vitest';
import { safeRemoteText } from '../adapter-kit/scrub-credentials.js';
import { withoutPersonalText } from './without-personal-text.js';

// The human the request named, as `BaseAdapter` passes them: the act's string claims.
const PEOPLE = ['alice.liddell@corp.example', 'Alice Liddell', '00u7q2w9'];
const PERSON = /alice|liddell|bob|corp|\.example|10\.0\.0|db8/i;
// What a reader sees: invisible characters gone, full-width letters as ASCII.
const readable = (text = '') => text.normalize('NFKC').replace(/[\p{Cf}\p{DI}]/gu, '');
const base64 = (text: string) => btoa(text);
const base64url = (text: string) =>
  base64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

describe('a person an IdP echoes in yet another spelling never reaches the kept text', () => {
  it.each([
    // A directory's display name, surname first (LDAP/Active Directory "Last, First").
    'user Liddell, Alice is disabled',
    'scope user:Liddell,Alice is not allowed',
    // The login alone: the local part of the email the request named.
    'user alice.liddell is disabled',
    'scope mail:alice.liddell is not allowed',
    // The at sign as HTML writes it (a named entity, zero-padded, no semicolon), as JSON or a
    // script escapes it (written out as text), and an address literal as its domain.
    'user alice.liddell&commat;corp.example is disabled',
    'user bob&#0000064;corp.example is disabled',
    'user bob&#64corp.example is disabled',
    'user bob&#x40mail.example is disabled',
    String.raw`user bob\u0040corp.example is disabled`,
    String.raw`user bob\\u0040corp.example is disabled`,
    String.raw`user bob\x40corp.example is disabled`,
    'user bob%u0040corp.example is disabled',
    'user bob@[10.0.0.1] is disabled',
    'user bob@[IPv6:2001:db8::1] is disabled',
    // Invisible characters that are no format character (Unicode Default_Ignorable_Code_Point).
    'user bob\u034F@corp.example is disabled',
    'user bob\uFE0F@corp.example is disabled',
    'user bob@corp\u200B.example is disabled',
    'user A\u200Blice Lid\u00ADdell is disabled',
    // The name in full-width letters (RFC 8265 §3.3.2 width mapping works both ways).
    'user \uFF21\uFF4C\uFF49\uFF43\uFF45 \uFF2C\uFF49\uFF44\uFF44\uFF45\uFF4C\uFF4C is disabled',
  ])('%j', (text) => {
    expect(readable(safeRemoteText(text, [], 200, PEOPLE))).not.toMatch(PERSON);
  });

  // Base64 of an email, or a JWT whose payload names the human (an IdP echoing a token it built).
  it.each([
    base64('bob@corp.example'),
    base64('user: alice.liddell@corp.example'),
    base64url('{"sub":"00u7q2w9","name":"Alice Liddell"}'),
    `eyJhbGciOiJub25lIn0.${base64url('{"email":"bob@corp.example"}')}.`,
  ])('%j', (encoded) => {
    const kept = safeRemoteText(`hint ${encoded} is invalid`, [], 200, PEOPLE);
    expect(kept).toMatch(/^hint .*\*\*\*REDACTED\*\*\*.* is invalid$/);
    for (const run of encoded.split('.').filter((part) => part.length > 20)) {
      expect(kept).not.toContain(run.slice(0, 20));
    }
  });

  it('keeps an act value of one or two characters, a scope or code word that no person is', () => {
    const people = ['u-1', 'en', '1', 'Al'];
    expect(withoutPersonalText('retry in 1 minute (locale en), scope al.read or AL', people)).toBe(
      'retry in 1 minute (locale en), scope al.read or AL',
    );
    expect(withoutPersonalText('user U-1 is disabled', people)).toBe(
      'user ***REDACTED*** is disabled',
    );
  });

  it('keeps other text: an entity that is no at sign, base64 that names no one, a bare at', () => {
    const text = 'code &#641; at 10:00 @ the IdP, trace aW52YWxpZF9ncmFudA== 9f86d081884c7d65';
    expect(withoutPersonalText(text, PEOPLE)).toBe(text);
  });
});
