export { crc32c } from './crc32c.js';
export {
  type GcpAuthorizedUserCredentials,
  type GcpEmulatorClientOptions,
  type GcpEmulatorRequest,
  type GcpFailure,
  type GcpSecretManagerEmulator,
  type GcpSecretManagerEmulatorOptions,
  startGcpSecretManagerEmulator,
} from './gcp-secret-manager-emulator.js';
