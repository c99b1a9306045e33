// Prebundles every Lambda handler (`lambda/<name>/index.ts`) into `assets/<name>/index.js`, the way
// aws-cdk ships its custom-resource handlers: the constructs load these with `lambda.Code.fromAsset`,
// so consumers need neither esbuild nor Docker at synth. esbuild is pinned in package.json so the
// output, and therefore the asset hashes in snapshots, stay stable. Files a handler reads at cold start
// travel in its asset too: its Cedar policies and schema (`*.cedar`, `*.cedarschema` beside its
// index.ts), and Cedar's WASM module when the bundle includes Cedar (its Node build reads the module
// from beside itself).
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { copyHandlerPolicyFiles } from './copy-policy-files';

// Libraries imported by handlers, not handlers themselves.
const NOT_HANDLERS = new Set(['shared', 'validator']);

export function handlerNames(lambdaDir: string): string[] {
  return readdirSync(lambdaDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_HANDLERS.has(entry.name))
    .filter((entry) => existsSync(join(lambdaDir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Packages replaced in the bundles by what a Lambda function actually runs (scripts/lambda-runtime/).
 * The SDK's default credential chain becomes the environment's link alone: Lambda hands the function its
 * role's credentials in environment variables, and the other links (with the STS and SSO clients) are
 * about a third of the authorizer's bundle. Event-stream support goes too: no operation the handlers
 * call streams events.
 */
const LAMBDA_RUNTIME_REPLACEMENTS: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': 'credentials-from-env.ts',
  '@smithy/core/event-streams': 'no-event-streams.ts',
};

/**
 * Modules inside a package replaced the same way, by their path under node_modules: the shared config
 * files (~/.aws/config and credentials), which a Lambda function does not have.
 */
const LAMBDA_RUNTIME_MODULE_REPLACEMENTS: Readonly<Record<string, string>> = {
  '@smithy/core/dist-es/submodules/config/shared-ini-file-loader/loadSharedConfigFiles.js': 'no-shared-config-files.ts',
};

const CEDAR_WASM_JS = 'node_modules/@cedar-policy/cedar-wasm/nodejs/cedar_wasm.js';

/** A regular expression alternation of `names`, each `/` standing for either path separator. */
const alternation = (names: readonly string[]) => names.map((name) => name.replace(/\./g, '\\.').replace(/\//g, '[/\\\\]')).join('|');

function lambdaRuntimeOnly(root: string): Plugin {
  const replacement = (file: string) => join(root, 'scripts', 'lambda-runtime', file);
  const packages = new RegExp(`^(${alternation(Object.keys(LAMBDA_RUNTIME_REPLACEMENTS))})$`);
  const modulePaths = Object.keys(LAMBDA_RUNTIME_MODULE_REPLACEMENTS);
  const modules = new RegExp(`[/\\\\]node_modules[/\\\\](${alternation(modulePaths)})$`);
  return {
    name: 'lambda-runtime-only',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: packages }, (args) => ({ path: replacement(LAMBDA_RUNTIME_REPLACEMENTS[args.path]) }));
      // A module inside a package is reached by relative imports: its contents are replaced where it loads.
      pluginBuild.onLoad({ filter: modules }, (args) => {
        const module = modulePaths.find((path) => args.path.replace(/\\/g, '/').endsWith(`/node_modules/${path}`))!;
        return { contents: readFileSync(replacement(LAMBDA_RUNTIME_MODULE_REPLACEMENTS[module]), 'utf8'), loader: 'ts' };
      });
      // The SDK clients import their package.json for its version (the user agent names it): the rest of
      // the manifest (scripts, dependencies, exports, a few KB per client) stays out of the bundle.
      pluginBuild.onLoad({ filter: /[/\\]node_modules[/\\]@aws-sdk[/\\][^/\\]+[/\\]package\.json$/ }, (args) => {
        const { name, version } = JSON.parse(readFileSync(args.path, 'utf8')) as { name: string; version: string };
        return { contents: JSON.stringify({ name, version }), loader: 'json' };
      });
    },
  };
}

/** The esbuild settings of every handler bundle (bench/ builds its comparison bundles with these too). */
export function bundleOptions(root: string, entryPoint: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    // The SDK's ES-module builds first: required through the CommonJS builds, a package is included
    // whole (every protocol, the browser user-agent parser); imported as ES modules, esbuild keeps only
    // what the handler reaches.
    mainFields: ['module', 'main'],
    // The Lambda Node.js runtime ships the AWS SDK v3, but bundling pins the version we test against.
    external: [],
    plugins: [lambdaRuntimeOnly(root)],
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/** Bundles one handler into `<outDir>/<name>/index.js`, with the files it reads at cold start beside it. */
export async function bundleHandler(root: string, name: string, outDir: string = join(root, 'assets')): Promise<void> {
  const outdir = join(outDir, name);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({ ...bundleOptions(root, join(root, 'lambda', name, 'index.ts'), join(outdir, 'index.js')), metafile: true });
  copyHandlerPolicyFiles(join(root, 'lambda', name), outdir);
  copyCedarWasm(result.metafile, outdir);
}

/** Cedar's Node build reads its WASM module from beside itself: copied next to a bundle that includes it. */
export function copyCedarWasm(metafile: Metafile, outdir: string): void {
  // Metafile inputs are relative to the working directory, which resolve() starts from.
  const cedarJs = Object.keys(metafile.inputs).find((input) => input.endsWith(CEDAR_WASM_JS));
  if (cedarJs) copyFileSync(join(resolve(dirname(cedarJs)), 'cedar_wasm_bg.wasm'), join(outdir, 'cedar_wasm_bg.wasm'));
}

/** Bundles every handler into `<outDir>/<name>/index.js`; `outDir` defaults to the package's `assets/`. */
export async function bundleHandlers(root: string, outDir: string = join(root, 'assets')): Promise<string[]> {
  const names = handlerNames(join(root, 'lambda'));
  for (const name of names) await bundleHandler(root, name, outDir);
  return names;
}

if (require.main === module) {
  bundleHandlers(join(__dirname, '..')).then(
    (names) => console.log(`bundled ${names.length} handler(s): ${names.join(', ') || '(none yet)'}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
