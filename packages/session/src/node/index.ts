export { loadKeyFile } from './load-key-file.js';
