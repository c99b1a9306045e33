// After a revocation is recorded, API Gateway's own authorizer result cache still holds allows for up to
// its TTL: the receiver empties it for the stage. Behind a small interface so the core is tested without
// AWS, and local mode's gateway implements it too. Throttling (both APIs allow few calls a second) is
// retried with backoff; one flush per SET or call, however many revocations it carries.
import type { FlushApiKind } from '../shared/config';

export interface AuthorizerCacheFlusher {
  flush(): Promise<void>;
}

export interface FlushTarget {
  readonly kind: Exclude<FlushApiKind, 'none'>;
  readonly apiId: string;
  readonly stage: string;
}

/** REST: FlushStageAuthorizersCache; HTTP API: ResetAuthorizersCache. The SDK client is loaded on first use. */
export function apiGatewayFlusher(target: FlushTarget): AuthorizerCacheFlusher {
  return {
    async flush() {
      if (target.kind === 'rest') {
        const { APIGatewayClient, FlushStageAuthorizersCacheCommand } = await import('@aws-sdk/client-api-gateway');
        await new APIGatewayClient({ maxAttempts: 1 }).send(new FlushStageAuthorizersCacheCommand({ restApiId: target.apiId, stageName: target.stage }));
      } else {
        const { ApiGatewayV2Client, ResetAuthorizersCacheCommand } = await import('@aws-sdk/client-apigatewayv2');
        await new ApiGatewayV2Client({ maxAttempts: 1 }).send(new ResetAuthorizersCacheCommand({ ApiId: target.apiId, StageName: target.stage }));
      }
    },
  };
}

export interface RetryOptions {
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function isThrottling(error: unknown): boolean {
  const name = (error as { name?: string })?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return /TooManyRequests|Throttl/.test(name) || status === 429;
}

/** Retries a throttled flush with exponential backoff and full jitter; any other failure is final. */
export function withThrottleRetries(flusher: AuthorizerCacheFlusher, options: RetryOptions = {}): AuthorizerCacheFlusher {
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return {
    async flush() {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await flusher.flush();
        } catch (error) {
          if (attempt >= attempts || !isThrottling(error)) throw error;
          await sleep(Math.random() * baseDelayMs * 2 ** (attempt - 1));
        }
      }
    },
  };
}
