// bench/README.md's "Targets" table is the list in bench/harness/targets.ts: the same keys, comparisons
// and limits, in the same order, so the page cannot drift from what `npm run bench` judges.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS } from '../../bench/harness/targets';

const REPO_ROOT = join(__dirname, '..', '..');

function targetsTable(): { key: string; limit: string }[] {
  const readme = readFileSync(join(REPO_ROOT, 'bench', 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Targets\n');
  expect(start).toBeGreaterThan(-1);
  const section = readme.slice(start + 1).split('\n## ')[0];
  return [...section.matchAll(/^\| `([^`]+)` \| .* \| (\S+ \S+) \|$/gm)].map(([, key, limit]) => ({ key, limit }));
}

test('bench/README.md lists exactly the targets of bench/harness/targets.ts', () => {
  expect(targetsTable()).toEqual(TARGETS.map((target) => ({ key: target.key, limit: `${target.comparison} ${target.limit}` })));
});
