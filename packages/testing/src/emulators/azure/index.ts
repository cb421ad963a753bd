export {
  type AzureEmulatorClientOptions,
  type AzureEmulatorRequest,
  type AzureFailure,
  type AzureKeyVaultEmulator,
  type AzureKeyVaultEmulatorOptions,
  startAzureKeyVaultEmulator,
} from './azure-key-vault-emulator.js';
export {
  type AzureTestAccessToken,
  type AzureTestCredential,
  type AzureTokenRequest,
  createAzureTestCredential,
} from './azure-test-credential.js';
