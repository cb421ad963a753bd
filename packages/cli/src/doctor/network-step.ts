import type { DoctorOptions } from './run-doctor.js';

/**
 * Runs a step that waits on the network between its `start` and its end: `failed` when it threw
 * or `failed(result)` says so (no token, a key that does not verify), else `done`.
 */
export async function networkStep<T>(
  options: Pick<DoctorOptions, 'onProgress'>,
  step: string,
  run: () => Promise<T>,
  failed: (result: T) => boolean,
): Promise<T> {
  options.onProgress?.(step, 'start');
  let state: 'done' | 'failed' = 'failed';
  try {
    const result = await run();
    if (!failed(result)) state = 'done';
    return result;
  } finally {
    options.onProgress?.(step, state);
  }
}
