// The construct library as a jsii package, offline: jsii compiles lib/ into a `.jsii` assembly with no
// error and no warning; the packed tarball holds it; jsii-pacmak generates Python, Java, .NET and Go from
// it and the Python compiles; every README example of the construct API compiles under jsii-rosetta's
// strict mode and is transliterated to Python that compiles; API.md is what jsii-docgen makes of the
// assembly. The build runs in a copy of the sources, so it never races other tests over dist/.
// Installing the generated packages needs PyPI, Maven, NuGet and the Go proxy, which CI cannot reach.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constructExamples } from './readme-snippets';

const REPO = join(__dirname, '..', '..', '..');
const BIN = join(REPO, 'node_modules', '.bin');
const ENV = { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' };
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface Assembly {
  readonly name: string;
  readonly keywords: string[];
  readonly license: string;
  readonly targets: Record<string, Record<string, unknown>>;
  readonly types: Record<string, { kind: string }>;
  readme?: { markdown: string };
}

/** Every file under `dir` whose name ends with `suffix`. */
function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith(suffix)).map((file) => join(dir, file));
}

/** A package folder sharing the repo's node_modules, with the given files copied in. */
function packageCopy(root: string, name: string, entries: string[]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const entry of entries) cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

describe('the jsii package', () => {
  let root: string;
  let pkg: string;
  let assembly: Assembly;
  let jsiiOutput: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'phantom-jsii-'));
    pkg = packageCopy(root, 'package', ['package.json', 'tsconfig.jsii.json', 'README.md', 'lib', 'lambda/shared', 'rosetta']);
    // jsii-pacmak packs the package with `npm pack`; its prepare and prepack (bundle, full build) are not this test's.
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    delete manifest.scripts.prepare;
    delete manifest.scripts.prepack;
    writeFileSync(join(pkg, 'package.json'), JSON.stringify(manifest, null, 2));
    jsiiOutput = run(join(BIN, 'jsii'), ['--fail-on-warnings'], pkg);
    assembly = JSON.parse(readFileSync(join(pkg, '.jsii'), 'utf8'));
  }, 180_000);
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  test('jsii builds the assembly with no error and no warning', () => {
    expect(jsiiOutput).toMatch(/Errors: 0 \| Warnings: 0/);
    expect(assembly.name).toBe('cdk-phantom-token');
    expect(assembly.license).toBe('Apache-2.0');
    expect(assembly.keywords).toContain('awscdk');
    for (const type of ['PhantomTokenGateway', 'PhantomTokenAuthorizer', 'ProtectedService', 'TokenCacheTable', 'JwtExchange', 'ServiceBackend', 'IPhantomTokenAuthorizer']) {
      expect(assembly.types).toHaveProperty([`cdk-phantom-token.${type}`]);
    }
  });

  test('targets Python, Java, .NET and Go under the package\'s own names', () => {
    expect(assembly.targets).toEqual({
      js: { npm: 'cdk-phantom-token' },
      python: { distName: 'cdk-phantom-token', module: 'cdk_phantom_token' },
      java: { package: 'io.github.cdkphantomtoken', maven: { groupId: 'io.github.cdk-phantom-token', artifactId: 'cdk-phantom-token' } },
      dotnet: { namespace: 'CdkPhantomToken', packageId: 'CdkPhantomToken' },
      go: { moduleName: 'github.com/cdk-phantom-token/cdk-phantom-token-go' },
    });
  });

  test('the packed tarball holds the assembly, the rosetta fixtures, jose and the aws-lambda types (bundled: jsii allows no non-jsii dependency)', () => {
    const [packed] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], pkg));
    const files = packed.files.map((file: { path: string }) => file.path);
    expect(files).toEqual(expect.arrayContaining(['.jsii', 'rosetta/with-gateway.ts-fixture', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'node_modules/jose/package.json', 'node_modules/@types/aws-lambda/package.json']));
    expect(packed.bundled).toEqual(['@types/aws-lambda', 'jose']);
  });

  test('jsii-pacmak generates all four languages, and the Python compiles', () => {
    const out = join(root, 'pacmak');
    run(join(BIN, 'jsii-pacmak'), ['--code-only', '--outdir', out, '--targets', 'python', 'java', 'dotnet', 'go'], pkg);
    const python = filesUnder(join(out, 'python'), '.py');
    expect(python).toContain(join(out, 'python', 'src', 'cdk_phantom_token', '__init__.py'));
    run('python3', ['-m', 'py_compile', ...python], out);
    expect(readFileSync(join(out, 'python', 'src', 'cdk_phantom_token', '__init__.py'), 'utf8')).toMatch(/^class PhantomTokenGateway\(/m);
    expect(readFileSync(join(out, 'java', 'pom.xml'), 'utf8')).toContain('<groupId>io.github.cdk-phantom-token</groupId>');
    expect(filesUnder(join(out, 'java', 'src'), 'PhantomTokenGateway.java')).toHaveLength(1);
    expect(filesUnder(join(out, 'dotnet'), '.csproj')).toHaveLength(1);
    expect(filesUnder(join(out, 'dotnet'), 'PhantomTokenGateway.cs')).toHaveLength(1);
    expect(readFileSync(filesUnder(join(out, 'go'), 'go.mod')[0], 'utf8')).toContain('module github.com/cdk-phantom-token/cdk-phantom-token-go');
  }, 180_000);

  test('the README\'s construct examples compile under jsii-rosetta strict mode and become Python that compiles', () => {
    const examples = constructExamples(readFileSync(join(REPO, 'README.md'), 'utf8'));
    expect(examples.length).toBeGreaterThanOrEqual(5);
    // A copy of the assembly whose README holds the construct examples only: the validator and local
    // mode examples import Node-only subpaths, which are not part of the jsii API.
    const docs = packageCopy(root, 'rosetta-check', ['package.json', 'rosetta']);
    symlinkSync(join(pkg, 'dist'), join(docs, 'dist'), 'dir');
    writeFileSync(join(docs, '.jsii'), JSON.stringify({ ...assembly, readme: { markdown: examples.map((example) => example.fenced).join('\n\n') } }));
    run(join(BIN, 'jsii-rosetta'), ['extract', '--strict', '.jsii'], docs);
    const tablet = JSON.parse(readFileSync(join(docs, '.jsii.tabl.json'), 'utf8'));
    const snippets = Object.values(tablet.snippets) as Array<{ translations: Record<string, { source: string }>; didCompile?: boolean }>;
    expect(snippets).toHaveLength(examples.length);
    const pythonDir = join(root, 'readme-python');
    mkdirSync(pythonDir);
    snippets.forEach((snippet, index) => {
      expect(snippet.didCompile).toBe(true);
      expect(snippet.translations.python.source).toMatch(/^import aws_cdk|^from aws_cdk|^# |^import |^from /m);
      writeFileSync(join(pythonDir, `example_${index}.py`), snippet.translations.python.source);
    });
    run('python3', ['-m', 'py_compile', ...filesUnder(pythonDir, '.py')], pythonDir);
    expect(readFileSync(join(pythonDir, 'example_0.py'), 'utf8') + readFileSync(join(pythonDir, `example_${snippets.length - 1}.py`), 'utf8')).toMatch(/cdk_phantom_token/);
  }, 180_000);

  test('the Python in docs/other-languages.md compiles', () => {
    const doc = readFileSync(join(REPO, 'docs', 'other-languages.md'), 'utf8');
    const blocks = [...doc.matchAll(/^```python\n([\s\S]*?)^```$/gm)].map(([, source]) => source);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const dir = join(root, 'docs-python');
    mkdirSync(dir);
    blocks.forEach((source, index) => writeFileSync(join(dir, `block_${index}.py`), source));
    run('python3', ['-m', 'py_compile', ...filesUnder(dir, '.py')], dir);
  });

  test('API.md is what jsii-docgen makes of the assembly (regenerate with `npm run api-docs`)', () => {
    run(join(BIN, 'jsii-docgen'), ['--output', join(root, 'API.md')], pkg);
    expect(existsSync(join(REPO, 'API.md'))).toBe(true);
    expect(readFileSync(join(REPO, 'API.md'), 'utf8')).toBe(readFileSync(join(root, 'API.md'), 'utf8'));
  }, 60_000);
});
