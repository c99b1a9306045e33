// oidc-provider 9 warns once, when it is first loaded, that Node 20 is not a runtime it supports. This
// package supports Node 20 (package.json engines) and the AS works on it, so that one line is noise in
// `npm start` and in every test. Imported before oidc-provider; every other warning still prints.
const UNSUPPORTED_RUNTIME = 'oidc-provider WARNING: Unsupported runtime';

const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes(UNSUPPORTED_RUNTIME)) return;
  warn(...args);
};

/** Called once oidc-provider has loaded: the filter is needed only while it loads. */
export function restoreConsoleWarn(): void {
  console.warn = warn;
}
