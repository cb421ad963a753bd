import { closestName } from './closest-name.js';

/**
 * The message for a plugin name that is no first-party one and whose package is not installed:
 * the first-party names, a near one ("did you mean keycloak?", a typo being likelier than a
 * third-party package), then how a third-party package is installed or passed. Without the list,
 * a typo reads as "npm install" of a package nobody publishes, a name anyone could take.
 *
 * @param variable - The variable that named the plugin: `DUAL_AUTH_VENDOR`.
 * @param name - The name it holds: `keycloack`.
 * @param kind - What the plugin is: `vendor`, `secrets backend`.
 * @param thirdParty - What a third party publishes for it: `adapter`, `secrets backend`.
 * @param firstParty - The names this project publishes, in the order the message lists them.
 * @param packageName - The package the name would load: `@dual-auth/adapter-keycloack`.
 * @param takenBy - The functions that take its plugin in `plugins`: `createAdapter/getConfig`.
 */
export function notFirstPartyMessage(
  variable: string,
  name: string,
  kind: string,
  thirdParty: string,
  firstParty: readonly string[],
  packageName: string,
  takenBy: string,
): string {
  const near = closestName(name, firstParty);
  return `${variable}=${name} is not a first-party ${kind} (${firstParty.join(', ')})${near === undefined ? '.' : `: did you mean ${near}?`} A third-party ${thirdParty}: npm install ${packageName}, or pass its plugin in \`plugins\` to ${takenBy}`;
}
