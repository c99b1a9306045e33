// The function of a service with a Lambda backend, for either kind of API: the given function with the
// validator variables added, or one built from code with them. Its invoke permission is the API's business.
import { Annotations, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { validatorConfigToEnv } from '../../lambda/shared/config';
import { DEFAULT_NODEJS_RUNTIME } from '../authorizer/limits';
import { ServiceBackend } from './service-backend';
import type { ServiceValidatorOptions } from './service-validator-options';

/** The validator variables (issuer, audience, JWKS URI, algorithms, typ) of a service's function. */
export function validatorEnvironmentOf(validator: ServiceValidatorOptions): { [name: string]: string } {
  return validatorConfigToEnv({
    issuer: validator.issuer,
    audience: validator.audience,
    jwksUri: validator.jwksUri,
    allowedAlgorithms: validator.allowedAlgorithms,
    tokenType: validator.tokenType,
  });
}

/** The backend's function (`fromFunction` or `fromCode`), carrying `environment`. */
export function serviceFunction(scope: Construct, backend: ServiceBackend, environment: { [name: string]: string }): lambda.IFunction {
  if (backend.function) {
    applyValidatorEnvironment(scope, backend.function, environment);
    return backend.function;
  }
  const logGroup = new logs.LogGroup(scope, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH });
  const role = new iam.Role(scope, 'ServiceRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  return new lambda.Function(scope, 'Function', {
    runtime: DEFAULT_NODEJS_RUNTIME,
    architecture: lambda.Architecture.ARM_64,
    handler: backend.handler ?? 'index.handler',
    code: backend.code!,
    role,
    logGroup,
    memorySize: 256,
    timeout: Duration.seconds(10),
    environment: { ...environment },
    tracing: backend.tracing ? lambda.Tracing.ACTIVE : undefined,
  });
}

function applyValidatorEnvironment(scope: Construct, fn: lambda.IFunction, environment: { [name: string]: string }): void {
  if (!(fn instanceof lambda.Function)) {
    Annotations.of(scope).addWarningV2(
      'cdk-phantom-token:validatorEnvironment',
      'function is not a lambda.Function of this app: set ProtectedService.validatorEnvironment on it yourself',
    );
    return;
  }
  for (const [name, value] of Object.entries(environment)) fn.addEnvironment(name, value);
}

/** A code backend without its own `tracing` takes the gateway's; other backends keep theirs. */
export function withGatewayTracing(backend: ServiceBackend, tracing: boolean | undefined): ServiceBackend {
  if (backend.code === undefined || backend.tracing !== undefined || !tracing) return backend;
  return ServiceBackend.fromCode(backend.code, { handler: backend.handler, tracing: true });
}
