// Prebundles every Lambda handler (`lambda/<name>/index.ts`) into `assets/<name>/index.js`, the way
// aws-cdk ships its custom-resource handlers: the constructs load these with `lambda.Code.fromAsset`,
// so consumers need neither esbuild nor Docker at synth. esbuild is pinned in package.json so the
// output, and therefore the asset hashes in snapshots, stay stable.
import { build } from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// Libraries imported by handlers, not handlers themselves.
const NOT_HANDLERS = new Set(['shared', 'validator']);

export function handlerNames(lambdaDir: string): string[] {
  return readdirSync(lambdaDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_HANDLERS.has(entry.name))
    .filter((entry) => existsSync(join(lambdaDir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** Bundles into `<outDir>/<name>/index.js`; `outDir` defaults to the package's `assets/`. */
export async function bundleHandlers(root: string, outDir: string = join(root, 'assets')): Promise<string[]> {
  const names = handlerNames(join(root, 'lambda'));
  for (const name of names) {
    const outdir = join(outDir, name);
    rmSync(outdir, { recursive: true, force: true });
    await build({
      entryPoints: [join(root, 'lambda', name, 'index.ts')],
      outfile: join(outdir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      minify: true,
      // The Lambda Node.js runtime ships the AWS SDK v3, but bundling pins the version we test against.
      external: [],
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
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
