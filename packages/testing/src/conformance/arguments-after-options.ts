import { expect } from 'vitest';
import { textForms } from './conformance-context.js';

/**
 * What an adapter author does to pass the check: core's helpers give the refusal for free.
 * @internal
 */
export const ARGUMENTS_AFTER_OPTIONS_REMEDY =
  "refuse it with a TypeError that names the argument's type and place and shows the object form, as core's rule does: extend BaseAdapter of @dual-auth/core/adapter-kit (its requestToken refuses them; an override that passes only `request` on must call refusePositionalArguments(arguments, …) of @dual-auth/core first) and start the constructor with requireConfigObject(config, { className, example, args: arguments })";

/**
 * Runs `call` (sync, or a promise it returns) and expects (vitest) it to be refused with a
 * `TypeError` naming `argument <place>` (core's `refusePositionalArguments`), whose text forms
 * show none of `hidden`. A failure says what was accepted and how to refuse it.
 * @internal
 */
export async function expectArgumentAfterOptionsRefused(
  shown: string,
  place: number,
  call: () => unknown,
  hidden: readonly string[],
): Promise<void> {
  let error: unknown;
  let accepted = false;
  try {
    await call();
    accepted = true;
  } catch (caught) {
    error = caught;
  }
  const what = `${shown}: an argument after the options object`;
  expect(accepted, `${what} was accepted; ${ARGUMENTS_AFTER_OPTIONS_REMEDY}`).toBe(false);
  expect(
    error instanceof TypeError,
    `${what} threw ${error instanceof Error ? error.name : typeof error}, not a TypeError; ${ARGUMENTS_AFTER_OPTIONS_REMEDY}`,
  ).toBe(true);
  const { message } = error as TypeError;
  expect(
    message.includes(`argument ${place}`),
    `${what} was refused without naming argument ${place}: "${message}"; ${ARGUMENTS_AFTER_OPTIONS_REMEDY}`,
  ).toBe(true);
  for (const text of textForms(error)) {
    for (const secret of hidden) {
      expect(text.includes(secret), `${what}: its refusal shows the value given`).toBe(false);
    }
  }
}
