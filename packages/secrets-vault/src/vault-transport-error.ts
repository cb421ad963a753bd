/**
 * The Vault transport refused an answer: a redirect it does not follow, a body over the size cap,
 * or a request past its deadline. Holds no request, header, token or body; `hint` says what to do.
 */
export class VaultTransportError extends Error {
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.name = 'VaultTransportError';
    this.hint = hint;
  }
}
