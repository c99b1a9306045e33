import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetsDirCandidates, HandlerAsset, handlerAssetDir, HandlerAssetName } from '../../lib/handler-asset';

const { ASSETS_DIR_ENV } = HandlerAsset;

describe('handler assets', () => {
  const saved = process.env[ASSETS_DIR_ENV];
  let root: string;
  beforeEach(() => {
    delete process.env[ASSETS_DIR_ENV];
    root = mkdtempSync(join(tmpdir(), 'phantom-package-'));
  });
  afterAll(() => {
    if (saved === undefined) delete process.env[ASSETS_DIR_ENV];
    else process.env[ASSETS_DIR_ENV] = saved;
  });

  test('found next to lib/ (repo) and next to dist/lib/ (published package)', () => {
    mkdirSync(join(root, 'assets', 'authorizer'), { recursive: true });
    writeFileSync(join(root, 'assets', 'authorizer', 'index.js'), '');
    expect(handlerAssetDir(HandlerAssetName.AUTHORIZER, join(root, 'lib'))).toBe(join(root, 'assets', 'authorizer'));
    expect(handlerAssetDir(HandlerAssetName.AUTHORIZER, join(root, 'dist', 'lib'))).toBe(join(root, 'assets', 'authorizer'));
  });

  test('a missing bundle fails with the fix: run npm run bundle', () => {
    expect(() => handlerAssetDir(HandlerAssetName.STREAMS, join(root, 'lib'))).toThrow(
      /the "streams" handler asset is missing \(looked for index\.js in .*\)\. Run `npm run bundle`/,
    );
  });

  test(`${ASSETS_DIR_ENV} overrides where the bundles are read from`, () => {
    process.env[ASSETS_DIR_ENV] = join(root, 'elsewhere');
    expect(assetsDirCandidates(join(root, 'lib'))).toEqual([join(root, 'elsewhere')]);
  });
});
