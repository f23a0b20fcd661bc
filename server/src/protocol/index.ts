/**
 * The protocol between the language server, the extension host and the webviews, in one place:
 * request and notification names with their parameter and reply types, command ids, the base variant.
 * Plain data only (no vscode, no vscode-languageserver), so that all three can import it.
 */
export * from './requests.js';
export * from './commands.js';
export { BASE_VARIANT } from '../../../language/src/engine/scenario.js';
