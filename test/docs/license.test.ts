// The package says it is Apache-2.0; LICENSE holds that license's text, unchanged, and npm packs it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');

test('LICENSE is the Apache License 2.0 that package.json names', () => {
  expect(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).license).toBe('Apache-2.0');
  const license = readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8');
  expect(license).toMatch(/^\s+Apache License\n\s+Version 2\.0, January 2004\n\s+http:\/\/www\.apache\.org\/licenses\/\n/);
  expect(license).toContain('END OF TERMS AND CONDITIONS');
  // The appendix is the license's own how-to, placeholder included: no one's copyright line was pasted in.
  expect(license).toContain('Copyright [yyyy] [name of copyright owner]');
});

test('npm packs LICENSE', () => {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  expect(packed.files.map((file: { path: string }) => file.path)).toContain('LICENSE');
});
