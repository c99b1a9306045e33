// A stack with a function and a REST API, the two things the observability constructs watch.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PhantomTokenMetrics } from '../../../lib/observability';
import { testApp, testStack } from '../support';

export function observedStack() {
  // The CloudFormation schema check is on (testApp), so every alarm and dashboard is also checked against it.
  const app = testApp();
  const stack = testStack(app, 'Observed');
  const fn = new lambda.Function(stack, 'Authorizer', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
  const restApi = new apigateway.RestApi(stack, 'Api', { restApiName: 'observed-api' });
  restApi.root.addMethod('GET', new apigateway.MockIntegration());
  const metrics = new PhantomTokenMetrics(fn.functionName);
  return { app, stack, fn, restApi, metrics };
}
