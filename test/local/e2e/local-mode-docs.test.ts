// docs/local-mode.md's Jest examples, run as written: each ```ts block that opens with `// example: <name>`
// is compiled (esbuild, as a CommonJS module) and evaluated inside a describe block of its own, with the
// package's names resolved to this checkout's sources. Its beforeAll, afterAll and tests are Jest's.
// (The `// example-file:` blocks, a handler bundled with NodejsFunction, run in the packed-tarball
// consumer test, where the package is installed.)
import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DOC = join(__dirname, '..', '..', '..', 'docs', 'local-mode.md');

/** The package's entry points, as a consumer imports them, mapped to this checkout. */
const PACKAGE: Record<string, () => unknown> = {
  'cdk-phantom-token': () => require('../../../lib'),
  'cdk-phantom-token/local': () => require('../../../local'),
  'cdk-phantom-token/validator': () => require('../../../lambda/validator'),
};

export function docExamples(markdown: string, marker: string): Array<{ name: string; code: string }> {
  const blocks = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  return blocks.flatMap((code) => {
    const first = new RegExp(`^// ${marker}: (.+)\\n`).exec(code);
    return first ? [{ name: first[1].trim(), code }] : [];
  });
}

const examples = docExamples(readFileSync(DOC, 'utf8'), 'example');

test('the page has the examples this test runs', () => {
  expect(examples.map((example) => example.name)).toEqual(['your-service', 'the-parts']);
});

for (const example of examples) {
  describe(`docs/local-mode.md: ${example.name}`, () => {
    const { code } = transformSync(example.code, { loader: 'ts', format: 'cjs', target: 'node20', sourcefile: `${example.name}.ts` });
    const load = (name: string) => (PACKAGE[name] ? PACKAGE[name]() : require(name));
    const module = { exports: {} };
    new Function('require', 'module', 'exports', code)(load, module, module.exports);
  });
}
