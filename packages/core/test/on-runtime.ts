import { vi } from 'vitest';

/**
 * Runs `body` synchronously on a runtime that looks like `userAgent` (`navigator.userAgent`,
 * which core's `nodeBuiltin` reads to tell Node apart), with `process` in place of the global
 * when given, and puts the real globals back.
 */
export function onRuntime<T>(userAgent: string, body: () => T, process?: object): T {
  vi.stubGlobal('navigator', { userAgent });
  if (process !== undefined) vi.stubGlobal('process', process);
  try {
    return body();
  } finally {
    vi.unstubAllGlobals();
  }
}
