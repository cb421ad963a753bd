/**
 * Runs `run` while `values` are set on `Object.prototype`, as a prototype-pollution bug elsewhere
 * in the process would set them, and removes them once it settles (a factory may read its
 * options while it works, not only when it is made).
 */
export async function polluted<R>(
  values: Record<string, unknown>,
  run: () => R | Promise<R>,
): Promise<R> {
  const proto = Object.prototype as Record<string, unknown>;
  Object.assign(proto, values);
  try {
    return await run();
  } finally {
    for (const name of Object.keys(values)) delete proto[name];
  }
}
