// The snapshots and deployed stacks rely on asset hashes that depend only on the sources: bundling the
// same sources twice, into different folders, must give byte-identical bundles and the same CDK asset hash.
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler, bundleHandlers } from '../../scripts/bundle-handlers';

const ROOT = join(__dirname, '..', '..');

/** The hash CDK gives the folder as a Lambda asset (the S3 object key `<hash>.zip`). */
function assetHash(dir: string): string {
  const stack = new Stack(new App(), 'Hash');
  const objectKey = lambda.Code.fromAsset(dir).bind(stack).s3Location!.objectKey;
  expect(objectKey).toMatch(/^[0-9a-f]{64}\.zip$/);
  return objectKey;
}

describe('bundleHandlers', () => {
  const scratch: string[] = [];
  afterAll(() => scratch.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  test('bundling twice into scratch folders gives identical bundles and identical asset hashes', async () => {
    const [first, second] = [mkdtempSync(join(tmpdir(), 'bundle-a-')), mkdtempSync(join(tmpdir(), 'bundle-b-'))];
    scratch.push(first, second);
    const names = await bundleHandlers(ROOT, first);
    expect(await bundleHandlers(ROOT, second)).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['authorizer', 'invoices', 'streams']));
    for (const name of names) {
      const sha = (dir: string) => createHash('sha256').update(readFileSync(join(dir, name, 'index.js'))).digest('hex');
      expect(sha(second)).toBe(sha(first));
      expect(assetHash(join(second, name))).toBe(assetHash(join(first, name)));
      // The bundle never embeds where it was built (that would change the hash per checkout).
      expect(readFileSync(join(first, name, 'index.js'), 'utf8')).not.toContain(first);
    }
  }, 120_000);

  test('the handler bundles leave out what a Lambda function does not run at cold start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-c-'));
    scratch.push(dir);
    await bundleHandler(ROOT, 'authorizer', dir);
    await bundleHandler(ROOT, 'streams', dir);
    const authorizer = readFileSync(join(dir, 'authorizer', 'index.js'), 'utf8');
    const streams = readFileSync(join(dir, 'streams', 'index.js'), 'utf8');
    // The SDK's shared config file loader (and node:fs/promises with it) is replaced: Lambda has no ~/.aws files.
    expect(authorizer).not.toMatch(/require\("(node:)?fs\/promises"\)/);
    // An SDK client's package.json is its name and version, nothing else of the manifest.
    expect(authorizer).toMatch(/name:"@aws-sdk\/client-dynamodb",version:"\d+\.\d+\.\d+"/);
    expect(authorizer).not.toMatch(/devDependencies|typesVersions/);
    // No dynamic import() of a bundled package (esbuild's `Promise.resolve().then(() => (init(), exports))`):
    // it wraps every module the package shares with the rest of the bundle in a lazy initializer.
    expect(authorizer).toContain('DynamoDB_20120810');
    expect(authorizer).not.toMatch(/Promise\.resolve\(\)\.then\(\(\)=>\([\w$]+\(\),/);
    // A service loads no perf_hooks and carries no authorizer settings.
    for (const bundle of [authorizer, streams]) expect(bundle).not.toMatch(/require\("(node:)?perf_hooks"\)/);
    expect(streams).toContain('PHANTOM_AUDIENCE');
    expect(streams).not.toContain('PHANTOM_CLIENT_SECRET_ARN');
  }, 120_000);
});
