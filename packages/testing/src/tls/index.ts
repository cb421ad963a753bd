export {
  type HttpsHandler,
  type StartHttpsServerOptions,
  startHttpsServer,
  type TestHttpsServer,
} from './https-server.js';
export {
  createTestCa,
  type IssueClientCertificateOptions,
  type IssuedCertificate,
  type IssuedClientCertificate,
  type IssueServerCertificateOptions,
  type TestCa,
} from './test-ca.js';
export {
  createTrustingDispatcher,
  createTrustingFetch,
  type TrustingFetch,
  type TrustingFetchOptions,
} from './trusting-fetch.js';
