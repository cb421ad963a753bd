/**
 * Refuses the positional arguments that users of the Python library pass to the classes that kept
 * its names (`InSessionTokenRequest(adapter)`, `HybridSender(private_key_pem)`…): a `TypeError`
 * that shows the TypeScript form, naming the type of what was given, never its value (a key path
 * or PEM text). Returns quietly for an options object or nothing.
 *
 * @throws TypeError when `options` is an `IamAdapter` (it has `requestToken`), a string, a number,
 * an array or `null`.
 */
export function refusePythonArguments(
  options: unknown,
  usage: { readonly className: string; readonly example: string; readonly note?: string },
): void {
  const kind = pythonArgumentKind(options);
  if (kind === undefined) return;
  const { className, example, note } = usage;
  throw new TypeError(
    `new ${className} takes one options object, not Python's positional arguments (got ${kind}): new ${className}(${example})${note === undefined ? '' : `, ${note}`}`,
  );
}

function pythonArgumentKind(options: unknown): string | undefined {
  if (options === undefined) return undefined;
  if (options === null) return 'null';
  if (Array.isArray(options)) return 'an array';
  if (typeof options !== 'object') return `a ${typeof options}`;
  const looksLikeAdapter =
    typeof (options as { requestToken?: unknown }).requestToken === 'function';
  return looksLikeAdapter ? 'an adapter' : undefined;
}
