import { base64url } from 'jose';

const encoder = new TextEncoder();

/** base64url of a string's UTF-8 bytes. */
export function b64(text: string): string {
  return base64url.encode(encoder.encode(text));
}

/**
 * Signs any header and payload as given, with Web Crypto directly: RS256 with an RSA private
 * CryptoKey, HS256 with raw secret bytes, `none` with no signature. For attack tokens that a
 * well-behaved library refuses to make.
 */
export async function craftJwt(
  header: Record<string, unknown> | string,
  payload: Record<string, unknown> | string,
  key?: CryptoKey | Uint8Array,
): Promise<string> {
  const headerText = typeof header === 'string' ? header : JSON.stringify(header);
  const payloadText = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const input = `${b64(headerText)}.${b64(payloadText)}`;
  const alg = typeof header === 'string' ? 'RS256' : header.alg;
  if (alg === 'none' || key === undefined) return `${input}.`;
  let signature: ArrayBuffer;
  if (key instanceof Uint8Array) {
    const hmac = await crypto.subtle.importKey(
      'raw',
      key as Uint8Array<ArrayBuffer>,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    signature = await crypto.subtle.sign('HMAC', hmac, encoder.encode(input));
  } else {
    signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', key, encoder.encode(input));
  }
  return `${input}.${base64url.encode(new Uint8Array(signature))}`;
}
