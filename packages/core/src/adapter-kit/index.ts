export type { AssertHttpsUrlOptions } from './assert-https-url.js';
export { assertHttpsUrl, isLoopbackHost } from './assert-https-url.js';
export type { AsymmetricAlgorithm, ImportKeyOptions, KeyInput } from './import-key.js';
export { importPrivateKey, importPublicKey } from './import-key.js';
export { randomJti } from './random-jti.js';
