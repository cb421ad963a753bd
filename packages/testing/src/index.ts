export * from './idp/index.js';
export * from './tls/index.js';
