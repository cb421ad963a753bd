export type { CliIo, CliStream } from './cli-io.js';
export { type DecodedJwt, decodeJwtParts } from './decode-jwt-parts.js';
export type { ApiAppKeys } from './doctor/check-app-key.js';
export type { CheckOutcome, TokenExpectations } from './doctor/check-token.js';
export type {
  DoctorCheckResult,
  DoctorCheckStatus,
  DoctorReport,
  DoctorReportCheckId,
} from './doctor/doctor-report.js';
export { formatDoctorReport } from './doctor/format-doctor-report.js';
export { type DoctorOptions, runDoctor } from './doctor/run-doctor.js';
export {
  type GeneratedSigningKey,
  generateSigningKey,
  KEY_ALGORITHMS,
  type KeyAlgorithm,
  type PublishedJwk,
} from './keys/generate-signing-key.js';
export { jwksFromPem } from './keys/jwks-from-pem.js';
export { nodeCliIo } from './node-cli-io.js';
export { EXIT, runCli } from './run-cli.js';
