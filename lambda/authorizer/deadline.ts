// One time limit per invocation over all of a decision's outbound calls together. Each call has its own
// `asTimeoutMs`, but a cold miss can chain several (discovery, secret read and re-read, introspection and
// its retry, JWKS, DynamoDB read and write) and outrun both the Lambda timeout and API Gateway's 10 s for
// an authorizer: the caller would then get a 5xx with no decision line and no metric. When the budget runs
// out first, the request is answered as an AS timeout (503) and logged; the work still running is left to
// finish (or be frozen with the instance), so a late answer may still fill the cache, never this request.
import { UpstreamError } from '../shared/errors';

/** API Gateway waits at most this long for an authorizer, whatever the function's own timeout. */
export const GATEWAY_AUTHORIZER_LIMIT_MS = 10_000;

/** Kept back from the remaining time to write the decision line and return before Lambda stops the invocation. */
export const DECISION_LINE_MARGIN_MS = 500;

/** What the handler reads from Lambda's context; tests and in-process callers may pass less, or nothing. */
export interface InvocationContext {
  readonly awsRequestId?: string;
  readonly getRemainingTimeInMillis?: () => number;
}

/**
 * Milliseconds this invocation may spend on a decision. Inside Lambda: the remaining time, less the margin.
 * Without a context (tests, in-process callers) there is no function timeout to respect, but API Gateway's
 * limit still is the most a caller would wait, so that limit (less the margin) is the budget.
 */
export function decisionBudgetMs(context: InvocationContext | undefined): number {
  const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : GATEWAY_AUTHORIZER_LIMIT_MS;
  const bounded = Number.isFinite(remaining) ? Math.min(remaining, GATEWAY_AUTHORIZER_LIMIT_MS) : GATEWAY_AUTHORIZER_LIMIT_MS;
  return Math.max(0, bounded - DECISION_LINE_MARGIN_MS);
}

/**
 * `work`'s result if it settles within `budgetMs`, else an `ERR_AS_UNAVAILABLE` of kind `timeout`. `work`
 * keeps running; its later rejection is still handled here, so it never becomes an unhandled rejection.
 * One promise settled by whichever comes first (no race of two inside an async wrapper): this runs on
 * every request past the memory tier.
 */
export function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(budgetExhausted(budgetMs)), budgetMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function budgetExhausted(budgetMs: number): UpstreamError {
  return new UpstreamError('ERR_AS_UNAVAILABLE', `no decision within the invocation's ${budgetMs} ms`, { kind: 'timeout', deadline: true, budgetMs });
}

/** Whether `error` is this module's expiry rather than a failure of the work itself. */
export function isBudgetExhausted(error: unknown): boolean {
  return error instanceof UpstreamError && error.detail.deadline === true;
}
