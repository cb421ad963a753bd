/**
 * What core's `humanIdForLogging` writes for the email-shaped `id`, computed apart from it:
 * `sha256:` and the hex of the first 16 bytes of Web Crypto's SHA-256 of `id`.
 */
export async function webCryptoDigest(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id));
  const hex = Array.from(new Uint8Array(digest, 0, 16), (b) => b.toString(16).padStart(2, '0'));
  return `sha256:${hex.join('')}`;
}
