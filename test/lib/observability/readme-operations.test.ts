// The metrics example of docs/operations.md, run as written on top of the README's PhantomTokenGateway example.
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..');

function exampleUnder(document: string, heading: string): string {
  const text = readFileSync(join(REPO_ROOT, document), 'utf8');
  const start = text.indexOf(`${heading}\n`);
  expect(start).toBeGreaterThan(-1);
  return text.slice(start).split(/```ts[^\n]*\n/)[1].split('```')[0]; // `ts fixture=...`: a jsii-rosetta fixture name
}

/** Imports become requires (each module once); the package maps to lib/. */
function asCommonJs(source: string, seen: Set<string>): string {
  const target = (module: string) => JSON.stringify(module === 'cdk-phantom-token' ? join(REPO_ROOT, 'lib') : module);
  const once = (name: string, text: string) => (seen.has(name) ? '' : (seen.add(name), text));
  return source
    .replace(/^import \* as (\w+) from '([^']+)';$/gm, (_m, name, module) => once(name, `const ${name} = require(${target(module)});`))
    .replace(/^import \{([^}]+)\} from '([^']+)';$/gm, (_m, names: string, module) =>
      names
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name.length > 0)
        .map((name) => once(name, `const { ${name} } = require(${target(module)});`))
        .join('\n'),
    );
}

test('the metrics example of docs/operations.md synthesises alarms and a dashboard for the README\'s gateway', () => {
  const seen = new Set<string>();
  const gatewayExample = asCommonJs(exampleUnder('README.md', '### PhantomTokenGateway: the whole trust boundary'), seen);
  const operationsExample = asCommonJs(exampleUnder('docs/operations.md', '## Metrics'), seen);
  expect(operationsExample).not.toMatch(/^import /m);
  const run = new Function('require', `${gatewayExample}\n${operationsExample}\nreturn { stack };`);
  const { stack } = run(require) as { stack: import('aws-cdk-lib').Stack };
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'AsLatency', Threshold: 800 });
  template.resourceCountIs('AWS::SNS::Topic', 1);
});
