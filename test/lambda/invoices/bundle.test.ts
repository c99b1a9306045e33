// The invoices handler as shipped (bundled by esbuild as scripts/bundle-handlers.ts does), in a fresh Node
// process: requiring it must not load undici (Node's fetch, ~40 ms of a cold start), nor must its first
// request, which fetches the JWKS over node:http.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bundleHandler } from '../../../scripts/bundle-handlers';
import { validatorConfigToEnv } from '../../../lambda/shared/config';
import { startJwksServer } from '../validator/jwks-server';
import { AUDIENCE, ISSUER, jwksOf, makeKey, mint, phantomClaims, restEvent } from '../validator/token-factory';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'invoices-bundle-'));
  // As scripts/bundle-handlers.ts ships it: the bundle with its Cedar policy and WASM module beside it.
  await bundleHandler(join(__dirname, '../../..'), 'invoices', dir);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Runs in the child: require the bundle, answer one event, say when undici was loaded.
const CHILD = `
const undici = () => process.moduleLoadList.some((name) => name.includes('undici'));
const { handler } = require(process.argv[1]);
const afterRequire = undici();
handler(JSON.parse(process.env.TEST_EVENT)).then((response) => {
  process.stdout.write(JSON.stringify({ afterRequire, afterFirstRequest: undici(), status: response.statusCode }));
});
`;

it('loads undici neither at require() nor on the first request', async () => {
  const key = await makeKey('ES256');
  const server = await startJwksServer(jwksOf(key));
  try {
    const now = Math.floor(Date.now() / 1000);
    const token = await mint(key, { claims: phantomClaims({ iat: now, exp: now + 60 }) });
    const env = {
      PATH: process.env.PATH,
      AWS_REGION: 'eu-west-1',
      ...validatorConfigToEnv({ issuer: ISSUER, audience: AUDIENCE, jwksUri: server.url, localMode: true, logLevel: 'error' }),
      TEST_EVENT: JSON.stringify(restEvent(token)),
    };
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', CHILD, join(dir, 'invoices', 'index.js')], { env, timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual({ afterRequire: false, afterFirstRequest: false, status: 200 });
    expect(server.requests()).toBe(1);
  } finally {
    await server.stop();
  }
}, 30_000);
