// Loads a prebundled handler (`assets/<name>/index.js`, made by `npm run bundle`, which `npm ci` runs as
// its prepare step). The compiled library lives in `dist/lib/` of the package and the sources in `lib/`
// of the repo, so the assets folder is looked up from both places rather than assumed.
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The prebundled handlers this library ships. */
export enum HandlerAssetName {
  /** The phantom token authorizer. */
  AUTHORIZER = 'authorizer',
  /** The example invoices service (a Lambda behind the gateway, checking the JWT with the validator). */
  INVOICES = 'invoices',
  /** The example streams service. */
  STREAMS = 'streams',
  /** The revocation receiver (RFC 8935 SET push and operator revocations). */
  REVOCATION_RECEIVER = 'revocation-receiver',
}

const ASSETS_DIR_ENV = 'PHANTOM_TOKEN_ASSETS_DIR';

/** `$PHANTOM_TOKEN_ASSETS_DIR` if set, else `<package root>/assets`: one up from `lib/`, two up from `dist/lib/`. */
export function assetsDirCandidates(fromDir: string = __dirname): string[] {
  const override = process.env[ASSETS_DIR_ENV];
  if (override) return [override];
  return [join(fromDir, '..', 'assets'), join(fromDir, '..', '..', 'assets')];
}

/** The folder holding `index.js` for a handler; throws with the fix when it has not been bundled. */
export function handlerAssetDir(name: HandlerAssetName, fromDir: string = __dirname): string {
  const candidates = assetsDirCandidates(fromDir).map((dir) => join(dir, name));
  const found = candidates.find((dir) => existsSync(join(dir, 'index.js')));
  if (!found) {
    throw new Error(
      `cdk-phantom-token: the "${name}" handler asset is missing (looked for index.js in ${candidates.join(', ')}). ` +
        'Run `npm run bundle` in the cdk-phantom-token checkout (`npm ci` does it too; the published package ships it prebuilt).',
    );
  }
  return found;
}

/** The prebundled handlers as Lambda code. */
export class HandlerAsset {
  /** Overrides where the prebundled handlers are read from (e.g. handlers you rebuilt yourself). */
  public static readonly ASSETS_DIR_ENV: string = ASSETS_DIR_ENV;

  /** `lambda.Code` for a prebundled handler; the asset hash depends on the bundle's bytes only. */
  public static code(name: HandlerAssetName): lambda.Code {
    return lambda.Code.fromAsset(handlerAssetDir(name));
  }

  /** The folder holding the handler's `index.js`; throws with the fix when it has not been bundled. */
  public static assetDir(name: HandlerAssetName): string {
    return handlerAssetDir(name);
  }

  private constructor() {}
}
