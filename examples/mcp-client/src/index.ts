export { callBalance, type McpConnection } from './call-balance.js';
