// jose 6 ships ES modules only, and Jest's CommonJS runtime (the default test setup of a `cdk init` app)
// cannot load an ES module from node_modules. So the package carries jose compiled to CommonJS
// (`dist/vendor/jose.js`) and its compiled files require that copy: the validator and local mode then
// load under Jest, node:test and plain Node alike, with one copy of jose for all of them. jose stays a
// dependency for its type declarations, which the published .d.ts files import.
import { build } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const JOSE_REQUIRE = /require\("jose"\)/g;

/** Bundles jose into `<distDir>/vendor/jose.js` and points every `require("jose")` under `distDir` at it. */
export async function vendorJose(root: string, distDir: string = join(root, 'dist')): Promise<string[]> {
  const vendored = join(distDir, 'vendor', 'jose.js');
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules', 'jose', 'package.json'), 'utf8')) as { version: string };
  await build({
    stdin: { contents: "module.exports = require('jose');", resolveDir: root, loader: 'js' },
    outfile: vendored,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: `/* jose ${version}, MIT License, https://github.com/panva/jose: bundled as CommonJS by cdk-phantom-token */` },
    logLevel: 'warning',
  });
  const rewritten: string[] = [];
  for (const file of javaScriptFiles(distDir)) {
    if (file === vendored) continue;
    const source = readFileSync(file, 'utf8');
    if (!source.includes('require("jose")')) continue;
    let target = relative(dirname(file), vendored).replace(/\\/g, '/').replace(/\.js$/, '');
    if (!target.startsWith('.')) target = `./${target}`;
    writeFileSync(file, source.replace(JOSE_REQUIRE, `require(${JSON.stringify(target)})`));
    rewritten.push(relative(distDir, file));
  }
  return rewritten;
}

function javaScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

if (require.main === module) {
  vendorJose(join(__dirname, '..')).then(
    (files) => console.log(`jose vendored as CommonJS; ${files.length} compiled file(s) require it`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
