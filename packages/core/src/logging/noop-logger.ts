import type { Logger } from '../contracts/logger.js';

const ignore = (): void => {};

/** The default logger: says nothing. */
export const noopLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
