import { crc32c } from './crc32c.js';

/** The parts of `AccessSecretVersionResponse.payload` this package reads. */
export interface SecretPayload {
  readonly data?: Uint8Array | string | null;
  readonly dataCrc32c?: number | string | { toString(): string } | null;
}

/** Why a payload could not be turned into text. */
export type PayloadProblem = 'missing' | 'checksum' | 'utf8';

/**
 * The secret's text: the payload bytes checked against `dataCrc32c` (when the service sent one)
 * and decoded as strict UTF-8. A problem is returned, not thrown, so the caller can name the
 * secret in its error without the bytes ever reaching a message.
 */
export function decodePayload(
  payload: SecretPayload | null | undefined,
): { readonly text: string } | { readonly problem: PayloadProblem } {
  const data = payload?.data;
  if (data === undefined || data === null) return { problem: 'missing' };
  // The SDK's types allow base64 text for bytes fields; its transports hand back Buffers.
  const bytes = typeof data === 'string' ? Buffer.from(data, 'base64') : data;
  const expected = payload?.dataCrc32c;
  if (expected !== undefined && expected !== null && String(expected) !== String(crc32c(bytes))) {
    return { problem: 'checksum' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: 'utf8' };
  }
}
