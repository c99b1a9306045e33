// A per-call time limit as an abort signal whose timer ends with the call. AbortSignal.timeout(ms) keeps
// its timer after the call it bounded has settled; when it fires, long after, Node builds a DOMException
// (a stack trace) and aborts a signal nobody listens to any more. The authorizer bounds every DynamoDB
// and AS call, so each request paid for such firings later: on a tier-2 hit, about a tenth of the
// handler's own work. Here the timer is cleared as soon as the call settles; when it does fire, the
// signal aborts with the reason AbortSignal.timeout gives (a DOMException named TimeoutError), so
// callers and the SDK see the same error.
import { clearTimeout, setTimeout } from 'node:timers';

/** `call(signal)` for fetch and other DOM AbortSignal takers, the signal aborted after `timeoutMs` unless the call has settled. */
export function withTimeoutSignal<T>(timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  return withinLimit(timeoutMs, () => controller.abort(timeoutReason()), () => call(controller.signal));
}

/**
 * The abort signal the AWS SDK's own interface asks for (@smithy/types AbortSignal: `aborted` and one
 * `onabort` handler, what the SDK's former AbortController gave); its HTTP handler takes it as it takes a
 * DOM AbortSignal and destroys the request when `onabort` is called. A DOM AbortController is an
 * EventTarget on which the SDK adds and removes `abort` listeners for every call: 20-30 µs a call here
 * (measured against the same GetItem with this signal), two to three percent of the GetItem itself.
 * With one handler slot, the last part of the SDK to set `onabort` is told: its HTTP handler, which sets
 * it when the request starts and is the part that ends the request.
 */
export interface SdkAbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  onabort: ((this: unknown, event?: unknown) => unknown) | null;
}

/** withTimeoutSignal for an AWS SDK call: `client.send(command, { abortSignal })`. Not for fetch. */
export function withSdkTimeoutSignal<T>(timeoutMs: number, call: (abortSignal: SdkAbortSignal) => Promise<T>): Promise<T> {
  const signal = { aborted: false, reason: undefined as unknown, onabort: null as SdkAbortSignal['onabort'] };
  const abort = () => {
    signal.aborted = true;
    signal.reason = timeoutReason();
    signal.onabort?.();
  };
  return withinLimit(timeoutMs, abort, () => call(signal));
}

async function withinLimit<T>(timeoutMs: number, abort: () => void, call: () => Promise<T>): Promise<T> {
  const timer = setTimeout(abort, timeoutMs);
  // Like AbortSignal.timeout's: a pending limit alone does not keep the process alive.
  timer.unref();
  try {
    return await call();
  } finally {
    clearTimeout(timer);
  }
}

function timeoutReason(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}
