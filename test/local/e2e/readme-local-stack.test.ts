// The README's startLocalStack example ("In your own integration tests"), run as written: the block is
// read from the README, `cdk-phantom-token/local` is mapped to this checkout's local/, and its top-level
// code runs as the body of an async function that hands back its `response`.
import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..');

function readmeLocalStackExample(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n### In your own integration tests\n');
  expect(start).toBeGreaterThan(-1);
  return readme.slice(start).split('```ts\n')[1].split('```')[0];
}

test('the README\'s startLocalStack example gets a token and calls your service through the gateway', async () => {
  const example = readmeLocalStackExample();
  const importLine = /^import \{ startLocalStack \} from 'cdk-phantom-token\/local';$/m;
  expect(example).toMatch(importLine);
  const validatorImport = /^import \{ withJwtValidation \} from 'cdk-phantom-token\/validator';$/m;
  const body = example
    .replace(importLine, `const { startLocalStack } = require(${JSON.stringify(join(REPO_ROOT, 'local'))});`)
    .replace(validatorImport, `const { withJwtValidation } = require(${JSON.stringify(join(REPO_ROOT, 'lambda', 'validator'))});`);
  expect(body).not.toMatch(/^import /m);
  const { code } = transformSync(body, { loader: 'ts', target: 'node22' });
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;
  // The example prints the stack's access and decision lines; they are not what this test reads.
  const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    const { response } = (await new AsyncFunction('require', `${code}\nreturn { response };`)(require)) as { response: Response };
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ tenant: 't-42' });
  } finally {
    write.mockRestore();
  }
});
