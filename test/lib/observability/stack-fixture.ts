// A stack with a function and a REST API, the two things the observability constructs watch.
import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { PhantomTokenMetrics } from '../../../lib/observability';

export function observedStack() {
  const app = new App();
  const stack = new Stack(app, 'Observed', { env: { account: '123456789012', region: 'eu-west-1' } });
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
