/** What `promise` rejects with; a test that expected a refusal fails, naming what it got instead. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a refusal, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
}
