/**
 * How many times `DUAL_AUTH_LOG` is read from `process.env` while `run` runs: core's envVariable
 * asks whether the variable is an own property (a getOwnPropertyDescriptor) before it reads its
 * value, and reads no value when it is unset.
 */
export async function logSwitchReads(run: () => Promise<void>): Promise<number> {
  const env = process.env;
  let reads = 0;
  process.env = new Proxy(env, {
    getOwnPropertyDescriptor(target, name) {
      if (name === 'DUAL_AUTH_LOG') reads += 1;
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
  });
  try {
    await run();
  } finally {
    process.env = env;
  }
  return reads;
}
