export * from './drip-body.js';
export * from './held-clock.js';
export * from './idp/index.js';
export * from './plain-http-server.js';
export * from './plugins/index.js';
export * from './recording-logger.js';
export * from './redis/index.js';
export * from './tls/index.js';
