// The README's PhantomTokenGateway example, run as written (imports mapped to this checkout).
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support';

function readmeExample(heading: string): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  return section.split('```ts\n')[1].split('```')[0];
}

/** `import { a, b } from 'm'` and `import * as x from 'm'` become requires; the package maps to lib/. */
function asCommonJs(source: string): string {
  const target = (module: string) => JSON.stringify(module === 'cdk-phantom-token' ? join(REPO_ROOT, 'lib') : module);
  return source
    .replace(/^import \* as (\w+) from '([^']+)';$/gm, (_m, name, module) => `const ${name} = require(${target(module)});`)
    .replace(/^import \{([^}]+)\} from '([^']+)';$/gm, (_m, names, module) => `const {${names}} = require(${target(module)});`);
}

test('the PhantomTokenGateway example in the README synthesises', () => {
  const source = asCommonJs(readmeExample('### PhantomTokenGateway'));
  expect(source).not.toMatch(/^import /m);
  const run = new Function('require', `${source}\nreturn { app, stack, gateway };`);
  const { app, stack, gateway } = run(require) as { app: App; stack: import('aws-cdk-lib').Stack; gateway: { services: Record<string, unknown> } };
  expect(Object.keys(gateway.services)).toEqual(['Invoices', 'Legacy']);
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 4);
  template.resourceCountIs('AWS::WAFv2::WebACL', 1);
  template.hasResourceProperties('AWS::ApiGateway::Method', {
    HttpMethod: 'ANY',
    Integration: { Type: 'HTTP_PROXY', Uri: 'https://legacy.internal.example.com/legacy/{proxy}' },
  });
  expect(app.node.children).toContain(stack);
});
