export {
  startVaultEmulator,
  type VaultEmulator,
  type VaultEmulatorFailure,
  type VaultEmulatorOptions,
  type VaultEmulatorRequest,
} from './vault-emulator.js';
