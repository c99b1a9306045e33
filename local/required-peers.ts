// Local mode's runtime packages are optional peer dependencies of cdk-phantom-token, so construct-only
// users install nothing extra. Imported first by `cdk-phantom-token/local`, this names every missing
// one at once instead of a bare "Cannot find module" from deep inside the import graph.

/** What `cdk-phantom-token/local` loads at import time (the example invoices service decides with Cedar). */
export const LOCAL_MODE_PEERS = ['oidc-provider', 'dynalite', '@aws-sdk/client-dynamodb', '@cedar-policy/cedar-wasm'] as const;

/** The entry a peer is looked up by, where its package root is not one `require` can load. */
const RESOLVED_AS: Readonly<Record<string, string>> = { '@cedar-policy/cedar-wasm': '@cedar-policy/cedar-wasm/nodejs' };

export class MissingPeerError extends Error {
  readonly code = 'ERR_MISSING_PEER';
  constructor(readonly missing: readonly string[]) {
    super(`cdk-phantom-token/local needs ${missing.join(', ')}; install with: npm install --save-dev ${missing.join(' ')}`);
    this.name = 'MissingPeerError';
  }
}

/** The peers `resolve` cannot find (resolved from this file, as the imports that need them are). */
export function missingPeers(resolve: (name: string) => string = require.resolve): string[] {
  return LOCAL_MODE_PEERS.filter((name) => {
    try {
      resolve(RESOLVED_AS[name] ?? name);
      return false;
    } catch {
      return true;
    }
  });
}

const missing = missingPeers();
if (missing.length > 0) throw new MissingPeerError(missing);
