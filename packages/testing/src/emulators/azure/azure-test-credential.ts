/** What a {@link AzureTestCredential} was asked for. */
export interface AzureTokenRequest {
  readonly scopes: readonly string[];
  readonly tenantId: string | undefined;
}

/** The access token shape of `@azure/core-auth`. */
export interface AzureTestAccessToken {
  readonly token: string;
  readonly expiresOnTimestamp: number;
  readonly tokenType: 'Bearer';
}

/**
 * A real `TokenCredential` (the `@azure/core-auth` interface: `getToken(scopes, options)`) that
 * hands out the Key Vault emulator's test token instead of asking Entra ID, and records each
 * request so a test can check the scope and tenant the SDK took from the Bearer challenge.
 */
export interface AzureTestCredential {
  readonly requests: readonly AzureTokenRequest[];
  getToken(
    scopes: string | string[],
    options?: { readonly tenantId?: string | undefined },
  ): Promise<AzureTestAccessToken>;
  /** Makes the next `getToken` throw an Error of that name, as `@azure/identity` does. */
  failNext(name: 'CredentialUnavailableError' | 'AuthenticationError', message: string): void;
}

/**
 * Creates an {@link AzureTestCredential} issuing `token`, valid for an hour.
 *
 * @example
 * ```ts
 * const credential = createAzureTestCredential('test-token');
 * const { token } = await credential.getToken('https://vault.azure.net/.default');
 * ```
 */
export function createAzureTestCredential(token: string): AzureTestCredential {
  const requests: AzureTokenRequest[] = [];
  let failure: Error | undefined;
  return {
    requests,
    async getToken(scopes, options) {
      requests.push({
        scopes: typeof scopes === 'string' ? [scopes] : [...scopes],
        tenantId: options?.tenantId,
      });
      if (failure !== undefined) {
        const error = failure;
        failure = undefined;
        throw error;
      }
      return { token, expiresOnTimestamp: Date.now() + 3_600_000, tokenType: 'Bearer' };
    },
    failNext(name, message) {
      failure = Object.assign(new Error(message), { name });
    },
  };
}
