import { describe, expect, it } from 'vitest';
import {
  redactQuotedCredentials,
  trimRemoteText,
  urlForLogging,
  urlRouteForLogging,
} from './redact.js';

describe('urlForLogging', () => {
  it('drops credentials, query, fragment and path parameters (;jsessionid=…)', () => {
    expect(
      urlForLogging('https://u:pw@idp.example/realms/a;v=1/token;jsessionid=SECRET?code=Q#F'),
    ).toBe('https://idp.example/realms/a/token');
  });

  it('says unknown for what is not a URL', () => {
    expect(urlForLogging('not a url')).toBe('unknown');
  });
});

describe('urlRouteForLogging', () => {
  it('keeps the origin and trims the path as routeForLogging does', () => {
    expect(
      urlRouteForLogging(new URL('https://api.example/users/jane@corp.example/balance?x=1')),
    ).toBe('https://api.example/users/:redacted/balance');
  });

  it('drops credentials, query, fragment and path parameters', () => {
    const shown = urlRouteForLogging(
      new URL('https://u:pw@api.example:8443/api/mcp;jsessionid=S/mcp?key=Q#F'),
    );
    expect(shown).toBe('https://api.example:8443/api/mcp/mcp');
    expect(shown).not.toMatch(/pw|jsessionid|key=|#F/);
  });

  it('hides a per-user key a hosted server puts in its path', () => {
    const url = new URL('https://mcp.example/api/mcp/s/A1b2C3d4E5f6G7h8I9j0/mcp');
    expect(urlRouteForLogging(url)).toBe('https://mcp.example/api/mcp/s/:redacted/mcp');
  });

  it('gives a URL without an origin (api://) as null and its trimmed path', () => {
    expect(urlRouteForLogging(new URL('api://client-id/users/42'))).toBe('null/users/:redacted');
  });
});

describe('trimRemoteText with a quoted credential', () => {
  it('replaces an authorization value or a JWT a server quotes, keeps the words around', () => {
    expect(
      trimRemoteText('AKV10022: Invalid token: Bearer eyJ0eXAiOiJKV1QifQ.payload-part.sig_part'),
    ).toBe('AKV10022: Invalid token: ***REDACTED***');
    expect(trimRemoteText('bad header Basic ZHVhbDpzM2NyM3QtdmFsdWU= sent')).toBe(
      'bad header ***REDACTED*** sent',
    );
    expect(trimRemoteText('proof DPoP abcdefghijklmnop0123 refused')).toBe(
      'proof ***REDACTED*** refused',
    );
    expect(trimRemoteText('token eyJhbGciOiJSUzI1NiJ9.e30.c2ln was refused')).toBe(
      'token ***REDACTED*** was refused',
    );
    expect(trimRemoteText('AKV10000: Request is missing a Bearer or PoP token.')).toBe(
      'AKV10000: Request is missing a Bearer or PoP token.',
    );
    expect(trimRemoteText('basic auth is not enabled for this client')).toBe(
      'basic auth is not enabled for this client',
    );
  });
});

describe('trimRemoteText with a quoted credential, any spelling', () => {
  it('an authorization scheme in any case is a credential (RFC 9110 §11.1: schemes are case-insensitive)', () => {
    expect(trimRemoteText('echo BEARER abcdefghijklmnop0123 end')).toBe('echo ***REDACTED*** end');
    expect(trimRemoteText('echo dpop abcdefghijklmnop0123 end')).toBe('echo ***REDACTED*** end');
    expect(trimRemoteText('echo BASIC ZHVhbDpzM2NyM3QtdmFsdWU= end')).toBe(
      'echo ***REDACTED*** end',
    );
  });

  it('a short Basic credential, padded or decoding to user:password, is a credential (bob:hunter2)', () => {
    expect(trimRemoteText('bad header Basic Ym9iOmh1bnRlcjI= sent')).toBe(
      'bad header ***REDACTED*** sent',
    );
    // Unpadded too when it decodes to `user:password` (RFC 7617 §2): `YTpi` is `a:b`.
    expect(trimRemoteText('Authorization: Basic YTpi')).toBe('Authorization: ***REDACTED***');
    expect(trimRemoteText('Basic auth failed')).toBe('Basic auth failed');
    expect(trimRemoteText('Basic realm="api" required')).toBe('Basic realm="api" required');
  });
});

describe('trimRemoteText with a credential quoted as a parameter', () => {
  it('a token or secret in a query or form parameter, and a SigV4 signature, are credentials', () => {
    expect(trimRemoteText('GET /cb?state=s1&access_token=abcdefghijklmnop0123&x=1 refused')).toBe(
      'GET /cb?state=s1&***REDACTED***&x=1 refused',
    );
    expect(trimRemoteText('body client_secret=S3cr3t-Value-0123456789 rejected')).toBe(
      'body ***REDACTED*** rejected',
    );
    const signature = `${'a'.repeat(32)}0123456789abcdef0123456789abcdef`;
    expect(
      trimRemoteText(
        `Authorization: AWS4-HMAC-SHA256 Credential=AKIDTEST/20261205/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=${signature}`,
      ),
    ).not.toContain(signature);
    expect(trimRemoteText('token=expired for client app-1')).toBe('token=expired for client app-1');
  });
});

describe('redactQuotedCredentials', () => {
  it('replaces what trimRemoteText replaces, and keeps the rest of the text as it was', () => {
    const long = `${' x'.repeat(150)}\n`;
    expect(redactQuotedCredentials(` 401:\tBearer abcdefghijklmnop0123${long}`)).toBe(
      ` 401:\t***REDACTED***${long}`,
    );
    expect(
      redactQuotedCredentials(
        'id eyJhbGciOiJSUzI1NiJ9.e30.c2ln, body password=S3cr3t-Value-0123456789',
      ),
    ).toBe('id ***REDACTED***, body ***REDACTED***');
    expect(redactQuotedCredentials('Request is missing a Bearer or PoP token.')).toBe(
      'Request is missing a Bearer or PoP token.',
    );
  });
});
