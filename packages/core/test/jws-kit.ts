import { base64url, createLocalJWKSet, exportJWK, generateKeyPair, type JWK } from 'jose';

const encoder = new TextEncoder();

/** base64url of a string's UTF-8 bytes. */
export function b64(text: string): string {
  return base64url.encode(encoder.encode(text));
}

/** A key pair of one algorithm, with its public JWK (`kid`, `alg`). */
export interface TestKey {
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function testKey(alg: string, kid = `${alg}-1`): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg } };
}

const SIGN_PARAMS: Record<string, AlgorithmIdentifier | RsaPssParams | EcdsaParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
};

/**
 * Signs any header and payload as given, with Web Crypto directly (no library refusing odd
 * headers): with a private key of the header's `alg`, HMAC-SHA256 raw bytes for `HS256`, nothing
 * without a key (`none`). A header or payload given as text is kept byte for byte (a header so
 * given is signed as RS256).
 */
export async function craftJws(
  header: Record<string, unknown> | string,
  payload: Record<string, unknown> | string,
  key?: CryptoKey | Uint8Array,
): Promise<string> {
  const headerText = typeof header === 'string' ? header : JSON.stringify(header);
  const payloadText = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const input = `${b64(headerText)}.${b64(payloadText)}`;
  if (key === undefined) return `${input}.`;
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
    const alg = typeof header === 'string' ? 'RS256' : String(header.alg);
    const params = SIGN_PARAMS[alg] ?? SIGN_PARAMS.RS256;
    signature = await crypto.subtle.sign(params as AlgorithmIdentifier, key, encoder.encode(input));
  }
  return `${input}.${base64url.encode(new Uint8Array(signature))}`;
}

/** `verifyJwt` options of an RS256 access token of `issuer` for `audience`, checked at `nowS`. */
export function accessTokenOptions(
  publicJwks: JWK[],
  { issuer, audience, nowS }: { issuer: string; audience: string; nowS: number },
) {
  return {
    label: 'Access token',
    keys: createLocalJWKSet({ keys: publicJwks }),
    algorithms: ['RS256'] as const,
    issuer,
    audience,
    nowMs: nowS * 1000,
    clockToleranceSeconds: 15,
    maxTokenBytes: 16_384,
  };
}
