export { createFinanceMcpApp, type FinanceMcpAppOptions } from './finance-mcp-app.js';
