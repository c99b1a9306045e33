// Calling a handler in process as Lambda would: with a Lambda `Context` (handlers that read the request id
// or the remaining time behave as they do on Lambda) and within a timeout, as API Gateway waits for an
// authorizer or an integration only so long.
import type { Context } from 'aws-lambda';

export type LambdaContext = Context;

export function lambdaContext(functionName: string, requestId: string, timeoutMs: number): LambdaContext {
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error('callback-style completion is not supported by the local gateway; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/** The handler outlived its timeout: `<what> timed out after <n> ms`. */
export class InvocationTimeoutError extends Error {}

export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what = 'authorizer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InvocationTimeoutError(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
