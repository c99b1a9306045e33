// `npm run build`, after tsc: the Cedar policy files a service reads at cold start (`lambda/**/*.cedar`,
// `*.cedarschema`) copied beside its compiled JavaScript under dist/, as the bundler puts them beside
// each handler's asset.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const POLICY_FILE = /\.(cedar|cedarschema)$/;

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
