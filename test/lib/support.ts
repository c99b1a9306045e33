// Shared set-up for the construct tests: an App with the CloudFormation schema check on, a stack, an
// imported secret. The constructs load the bundled handlers from assets/, so tests run after
// `npm run bundle` (scripts/test.sh does it); a missing bundle fails with that instruction.
import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { join } from 'node:path';
import { ClientCredentials, HttpMethod, RouteRule } from '../../lib';

/** The shared route tables (lambda/shared, test/lambda) as the construct API's RouteRule. */
export { constructRoutes } from '../../bin/construct-routes';

export const REPO_ROOT = join(__dirname, '..', '..');

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

/** The test secret as the authorizer's client credentials (client_secret_basic). */
export function testCredentials(stack: Stack): ClientCredentials {
  return ClientCredentials.clientSecretBasic(testSecret(stack));
}

export const ROUTES: RouteRule[] = [
  { method: HttpMethod.GET, path: '/invoices', scopes: { anyOf: ['invoice_*'] } },
  { method: HttpMethod.GET, path: '/invoices/{id}', scopes: { allOf: ['invoice_read'] } },
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
