// Shared set-up for the construct tests: an App with the CloudFormation schema check on, a stack, an
// imported secret, and the handler assets. Tests run after `npm run bundle`; while a handler is still
// being written (no `lambda/<name>/index.ts` yet), a placeholder stands in for it in a temporary
// assets folder so the constructs can be synthesised. Nothing is written under lambda/ or assets/.
import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { existsSync, mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ASSETS_DIR_ENV, HandlerAssetName } from '../../lib/handler-asset';
import type { RouteRule } from '../../lambda/shared/routes';

export const REPO_ROOT = join(__dirname, '..', '..');
const HANDLERS: HandlerAssetName[] = ['authorizer', 'invoices', 'streams'];

/** Names of handlers that have no bundle yet (and got a placeholder). */
export const PLACEHOLDER_HANDLERS: string[] = [];

export function useHandlerAssets(): void {
  const missing = HANDLERS.filter((name) => !existsSync(join(REPO_ROOT, 'assets', name, 'index.js')));
  if (missing.length === 0 || process.env[ASSETS_DIR_ENV]) return;
  const dir = mkdtempSync(join(tmpdir(), 'phantom-assets-'));
  for (const name of HANDLERS) {
    if (missing.includes(name)) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'index.js'), `exports.handler = async () => { throw new Error('${name} placeholder: not bundled yet'); };\n`);
      PLACEHOLDER_HANDLERS.push(name);
    } else {
      symlinkSync(join(REPO_ROOT, 'assets', name), join(dir, name));
    }
  }
  process.env[ASSETS_DIR_ENV] = dir;
}

useHandlerAssets();

export function testApp(): App {
  return new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
}

export function testStack(app: App = testApp(), id = 'Test'): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region: 'eu-west-1' } });
}

export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway-client-AbC123';

export function testSecret(stack: Stack): secretsmanager.ISecret {
  const existing = stack.node.tryFindChild('ClientSecret') as secretsmanager.ISecret | undefined;
  return existing ?? secretsmanager.Secret.fromSecretCompleteArn(stack, 'ClientSecret', SECRET_ARN);
}

export const ROUTES: RouteRule[] = [
  { method: 'GET', path: '/invoices', scopes: { anyOf: ['invoice_*'] } },
  { method: 'GET', path: '/invoices/{id}', scopes: { allOf: ['invoice_read'] } },
];

/** Expects `fn` to throw a PhantomTokenPropsError and returns its problem lines. */
export function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    const problems = (error as { problems?: readonly string[] }).problems;
    if (!problems) throw error;
    return problems;
  }
  throw new Error('expected a PhantomTokenPropsError, nothing was thrown');
}
