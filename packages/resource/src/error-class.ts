// A class name: letters, digits, `_`, `$`. A `name` someone set to anything else (it may hold user
// data) is not repeated.
const CLASS_NAME = /^[A-Za-z_$][\w$]{0,63}$/;

/**
 * What to log or audit of something thrown: the error's class name (`TypeError`,
 * `StoreUnavailableError`), `Error` when its `name` is no class name, or the `typeof` of a
 * non-error. Never its message, which may hold user data.
 */
export function errorClass(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  return CLASS_NAME.test(error.name) ? error.name : 'Error';
}
