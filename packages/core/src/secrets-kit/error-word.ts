// An identifier of at most 64 characters: every error name and code an SDK gives
// (`AccessDeniedException`, `ForbiddenByPolicy`, `PERMISSION_DENIED`, `ECONNRESET`), and no email,
// URL, blank-separated text or JWT.
const WORD = /^[A-Za-z_$][\w$]{0,63}$/;

/**
 * `value` when it is an error name or code as SDKs write them (an identifier of at most 64
 * characters), else `undefined`: an SDK takes both from the answer (AWS's `__type` or
 * `x-amzn-errortype` becomes the error's `name`, Azure's body `error.code` its `code`), which a
 * proxy or an endpoint that is not the service writes as it likes, an email or a token included.
 *
 * @example
 * ```ts
 * import { errorWord } from '@dual-auth/core/secrets-kit';
 *
 * errorWord('AccessDeniedException'); // 'AccessDeniedException'
 * errorWord('jane.doe@corp.example'); // undefined
 * ```
 */
export function errorWord(value: unknown): string | undefined {
  return typeof value === 'string' && WORD.test(value) ? value : undefined;
}
