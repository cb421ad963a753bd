export * from './tls/index.js';
