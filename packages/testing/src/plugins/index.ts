export { discoverWorkspacePlugins, type WorkspacePlugin } from './discover-workspace-plugins.js';
export { loadPluginExport, type PluginExportQuery } from './load-plugin-export.js';
export { loadTokenProfile } from './load-token-profile.js';
export { loadWorkspaceAdapterPlugins } from './load-workspace-adapter-plugins.js';
