import { reject } from './reject.js';

/** Longest JWKS response read, in bytes: ample for dozens of keys. */
export const MAX_JWKS_BYTES = 64 * 1024;

function tooLarge(): never {
  reject(
    'key_unavailable',
    `could not be checked: the JWKS is larger than ${MAX_JWKS_BYTES} bytes`,
  );
}

async function readBounded(response: Response): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_JWKS_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    tooLarge();
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader !== undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JWKS_BYTES) {
      await reader.cancel().catch(() => undefined);
      tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * A `fetch` for jose's remote JWKS that stops reading a 200 answer past {@link MAX_JWKS_BYTES}
 * (jose buffers any size), so a wrong or hostile JWKS URL cannot exhaust memory. Other answers
 * pass through for jose to refuse. `fetchImpl` is looked up at call time.
 *
 * @throws ActVerificationError `key_unavailable` when the JWKS is too large.
 */
export function boundedJwksFetch(
  fetchImpl: () => typeof globalThis.fetch,
): (resource: string, init: RequestInit) => Promise<Response> {
  return async (resource, init) => {
    const response = await fetchImpl()(resource, init);
    if (response.status !== 200) return response;
    const body = await readBounded(response);
    return new Response(body as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' },
    });
  };
}
