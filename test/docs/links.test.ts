// The documents point at what exists: every relative link names a file of this repository and, with a
// `#fragment`, a heading of that file (GitHub's anchors); the README names the example stack's output.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..');
const DOCUMENTS = ['README.md', 'docs/http-api.md', 'docs/operations.md', 'docs/reliability.md', 'docs/revocation.md', 'docs/policy-engines.md', 'docs/route-policies.md', 'docs/validator.md', 'bench/README.md'];
// Written alongside the code they describe (local mode for your own service, the scope grammar).
/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchor(match[1])));
}

function relativeLinks(file: string): Array<{ target: string; fragment?: string }> {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1])
    .filter((link) => !/^[a-z]+:/.test(link))
    .map((link) => {
      const [path, fragment] = link.split('#');
      return { target: path === '' ? file : relative(REPO_ROOT, join(REPO_ROOT, dirname(file), path)), fragment };
    });
}

describe.each(DOCUMENTS)('%s', (file) => {
  it('links only to files and headings that exist', () => {
    const broken = relativeLinks(file).filter(({ target, fragment }) => {
      if (!existsSync(join(REPO_ROOT, target))) return true;
      return fragment !== undefined && target.endsWith('.md') && !anchorsOf(target).has(fragment);
    });
    expect(broken).toEqual([]);
  });
});

test('the README names the example stack and its output as bin/ defines them', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const [, stackName, outputName] = /`(\w+)\.(\w+) = https:\/\/\.\.\.`/.exec(readme) ?? [];
  expect(readFileSync(join(REPO_ROOT, 'bin', 'app.ts'), 'utf8')).toContain(`(app, '${stackName}'`);
  expect(readFileSync(join(REPO_ROOT, 'bin', 'example-stack.ts'), 'utf8')).toContain(`new CfnOutput(this, '${outputName}'`);
  expect(readme).toContain(`output \`${outputName}\``);
});
