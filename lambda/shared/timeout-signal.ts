// A per-call time limit as an AbortSignal whose timer ends with the call. AbortSignal.timeout(ms) keeps its
// timer after the call it bounded has settled; when it fires, long after, Node builds a DOMException (a
// stack trace) and aborts a signal nobody listens to any more. The authorizer bounds every DynamoDB and AS
// call that way, so each request paid for one such firing later: on a tier-2 hit that was a tenth of
// the handler's own work. Here the timer is cleared as soon as the call settles; when it does fire, the
// signal aborts with the reason AbortSignal.timeout gives (a DOMException named TimeoutError), so callers
// and the SDK see the same error.
import { clearTimeout, setTimeout } from 'node:timers';

/** `call(signal)`, its signal aborted after `timeoutMs` unless the call has settled by then. */
export async function withTimeoutSignal<T>(timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs);
  // Like AbortSignal.timeout's: a pending limit alone does not keep the process alive.
  timer.unref();
  try {
    return await call(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
