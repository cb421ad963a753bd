import type { ServerResponse } from 'node:http';
import { checkOption, type KnownOptions, refuseUnknownOptions } from '@dual-auth/core';

/** Options of {@link dripBody}. */
export interface DripBodyOptions {
  /** Milliseconds between two bytes: a whole number from 1 to 2^31-1. */
  readonly everyMs: number;
  /** The `content-type` of the 200 answer. Default: `application/json`. */
  readonly contentType?: string;
}

const DRIP_BODY_OPTIONS = {
  everyMs: true,
  contentType: true,
} as const satisfies KnownOptions<DripBodyOptions>;

/**
 * Answers 200 at once, then writes `body` (UTF-8) one byte every `everyMs` and ends the answer
 * after the last byte: a hostile or broken server whose body is as slow as it likes, each byte
 * resetting a client's socket-idle timer. Stops writing when the client goes away.
 *
 * @param res - the answer of a request handler, e.g. one of {@link startHttpsServer}'s.
 * @throws TypeError when an option is unknown, `everyMs` is missing or not a whole number ≥ 1, or
 * `contentType` is not a string.
 * @example
 * ```ts
 * import { dripBody, startHttpsServer } from '@dual-auth/testing';
 *
 * // 200 bytes of JSON whitespace before the answer, 20 ms apart: some 4 s in all.
 * const server = await startHttpsServer((_req, res) =>
 *   dripBody(res, `${' '.repeat(200)}{"value":"dripped"}`, { everyMs: 20 }),
 * );
 * ```
 */
export function dripBody(res: ServerResponse, body: string, options: DripBodyOptions): void {
  refuseUnknownOptions(options, DRIP_BODY_OPTIONS, 'dripBody');
  const everyMs = checkOption(options, 'everyMs', 'milliseconds');
  if (everyMs === undefined || everyMs < 1) {
    throw new TypeError('dripBody: options.everyMs must be a whole number of milliseconds ≥ 1');
  }
  const contentType = checkOption(options, 'contentType', 'string') ?? 'application/json';
  const bytes = new TextEncoder().encode(body);
  res.writeHead(200, { 'content-type': contentType });
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed) {
      clearInterval(timer);
      return;
    }
    if (at >= bytes.length) {
      clearInterval(timer);
      res.end();
      return;
    }
    res.write(bytes.subarray(at, at + 1));
    at += 1;
  }, everyMs);
}
