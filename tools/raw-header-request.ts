// An HTTP request over loopback with raw header lines, for the invalid-request tests of the
// guard's middlewares (RFC 6750 §3.1, RFC 9110 §5.3): a header given as an array is sent as that
// many lines, which fetch and most clients would join into one.

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** Header lines by name; an array is sent as one line per value. */
export type RawHeaders = Record<string, string | string[]>;

/** What the server answered: status, headers, and the body parsed as JSON. */
export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** Sends `method url` with `headers` line by line (and `body`, if any); resolves with the answer. */
export function rawHeaderRequest(
  method: string,
  url: string,
  headers: RawHeaders,
  body?: string,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
      );
    });
    for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
    req.on('error', reject);
    req.end(body);
  });
}
