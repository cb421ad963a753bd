import { runWithAct } from '@dual-auth/session/context';
import { describe, expect, it } from 'vitest';
import { toolCalling } from '../../test/support/tool-calling.js';

const CHUNK = new Uint8Array(64 * 1024).fill(0x20);
/** Where the stand-in API gives up sending: far past any denial body. */
const SENT_AT_MOST = 8 * 1024 * 1024;

/**
 * A hostile API's refusal: a 403 whose body is whitespace without end (a JSON parser waits for
 * the value), counting what the tool pulled from it, given up after 8 MiB so the test ends.
 */
function endlessRefusal(pulled: { bytes: number }): Response {
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= SENT_AT_MOST) {
        controller.error(new Error('the stand-in API stopped sending'));
        return;
      }
      pulled.bytes += CHUNK.byteLength;
      controller.enqueue(CHUNK);
    },
  });
  return new Response(body, { status: 403, headers: { 'content-type': 'application/json' } });
}

// Attack: a hostile API refuses the tool's call with a 403 whose body never ends. The denial
// reads the body for its failed_side with response.json(), which buffers all of it: memory grows
// for as long as the API sends (here up to the 8 MiB the stand-in gives).
describe("attack: a hostile API's endless 403 body", () => {
  it('is read only up to a small bound before the tool is denied', async () => {
    const pulled = { bytes: 0 };
    const run = toolCalling('https://api.example.com/x', () => endlessRefusal(pulled));
    const denial = await runWithAct({ sub: 'u-1' }, () => run({}));
    expect(denial).toEqual({
      denied: true,
      reason: 'not_authorized',
      message: 'The service refused this request for this agent or the person it acts for',
    });
    expect(pulled.bytes).toBeLessThanOrEqual(128 * 1024);
  });

  it('still names a failed_side of a denial body within the bound', async () => {
    const run = toolCalling(
      'https://api.example.com/x',
      () =>
        new Response(`${' '.repeat(8 * 1024)}{"failed_side":"human"}`, {
          status: 403,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const denial = await runWithAct({ sub: 'u-1' }, () => run({}));
    expect(denial).toMatchObject({ reason: 'not_authorized', failed_side: 'human' });
  });
});
