import type { IncomingMessage } from 'node:http';

/** The failures an emulator was told to answer its next requests with, oldest first. */
export class FailureQueue<F> {
  readonly #queue: F[];

  constructor(initial: readonly F[] = []) {
    this.#queue = [...initial];
  }

  /** Queues `failure` for the next `times` requests that take one. */
  add(failure: F, times = 1): void {
    for (let i = 0; i < times; i += 1) this.#queue.push(failure);
  }

  /** The failure for this request, if one is queued. */
  next(): F | undefined {
    return this.#queue.shift();
  }
}

/** The first value of the request header `name` (lower case). */
export function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request body as UTF-8 text. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The request body parsed as a JSON object; `undefined` when it is empty or not an object. */
export async function readJsonObject(
  req: IncomingMessage,
): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readBody(req));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
