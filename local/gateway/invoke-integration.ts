// Calling the service's proxy handler as API Gateway's Lambda proxy integration does: within the
// integration timeout (504 past it), and a throw or a malformed result is a 502.
import type { ServerResponse } from 'node:http';
import { writeIntegrationFailure, writeIntegrationTimeout } from './gateway-answers';
import { proxyResultProblems, writeProxyResult } from './integration-response';
import { lambdaContext } from './lambda-context';
import type { ProxyEvent, ProxyHandler, ProxyResult } from './lambda-shapes';

export interface IntegrationOutcome {
  readonly status: number;
  readonly integrationMs: number;
  /** Set when the gateway answered instead of the service. */
  readonly failure?: string;
}

class IntegrationTimeoutError extends Error {}

export async function invokeIntegration(
  handler: ProxyHandler,
  functionName: string,
  event: ProxyEvent,
  timeoutMs: number,
  response: ServerResponse,
): Promise<IntegrationOutcome> {
  const requestId = event.requestContext.requestId;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IntegrationTimeoutError(`integration timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  let result: unknown;
  try {
    result = await Promise.race([handler(event, lambdaContext(functionName, requestId, timeoutMs)), timeout]);
  } catch (error) {
    const integrationMs = Math.round(performance.now() - started);
    if (error instanceof IntegrationTimeoutError) {
      return { status: writeIntegrationTimeout(response, requestId), integrationMs, failure: error.message };
    }
    return { status: writeIntegrationFailure(response, requestId), integrationMs, failure: `integration threw ${(error as Error)?.name ?? 'a value'}` };
  } finally {
    clearTimeout(timer);
  }
  const integrationMs = Math.round(performance.now() - started);
  const problems = proxyResultProblems(result);
  if (problems.length > 0) {
    return { status: writeIntegrationFailure(response, requestId), integrationMs, failure: `malformed proxy result: ${problems.join('; ')}` };
  }
  return { status: writeProxyResult(response, result as ProxyResult, requestId), integrationMs };
}
