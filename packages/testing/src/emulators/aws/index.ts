export {
  type AwsEmulatorFailure,
  type AwsEmulatorRequest,
  type AwsEmulatorSecret,
  type AwsSecretsManagerEmulator,
  type AwsSecretsManagerEmulatorOptions,
  startAwsSecretsManagerEmulator,
} from './aws-secrets-manager-emulator.js';
