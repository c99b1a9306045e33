// The Cedar policy files a service reads at cold start (`*.cedar`, `*.cedarschema`), copied beside the
// code that reads them: `npm run build`, after tsc, copies `lambda/**` beside the compiled JavaScript
// under dist/; the bundler copies a handler's own beside its asset (scripts/bundle-handlers.ts).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const POLICY_FILE = /\.(cedar|cedarschema)$/;

/** A handler's policies and schema (the files in its source folder itself), beside its bundle. */
export function copyHandlerPolicyFiles(sourceDir: string, outdir: string): void {
  for (const file of readdirSync(sourceDir).filter((entry) => POLICY_FILE.test(entry))) copyFileSync(join(sourceDir, file), join(outdir, file));
}

export function copyPolicyFiles(root: string, outDir: string = join(root, 'dist')): string[] {
  const copied: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (POLICY_FILE.test(entry.name)) {
        const target = join(outDir, relative(root, path));
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(path, target);
        copied.push(relative(root, path));
      }
    }
  };
  walk(join(root, 'lambda'));
  return copied;
}

if (require.main === module) console.log(`copied ${copyPolicyFiles(join(__dirname, '..')).join(', ') || 'no policy files'}`);
