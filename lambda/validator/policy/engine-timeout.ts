// A remote engine's call, bounded: past `timeoutMs` the call is aborted and the request refused with
// ERR_POLICY_TIMEOUT; any other failure of the call refuses with ERR_POLICY_ERROR. Never an allow.
import { ConfigError, PolicyEngineError, isPhantomTokenError } from '../../shared/errors';

export async function callEngine<T>(policy: string, timeoutMs: number, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new PolicyEngineError('ERR_POLICY_TIMEOUT', `the policy engine did not answer within ${timeoutMs} ms, so the request is refused`, { policy, timeoutMs }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), timedOut]);
  } catch (error) {
    if (isPhantomTokenError(error)) throw error;
    throw new PolicyEngineError('ERR_POLICY_ERROR', 'the policy engine could not be asked, so the request is refused', {
      policy,
      cause: (error as Error)?.name ?? 'Error',
    });
  } finally {
    clearTimeout(timer);
  }
}

/** A whole-number engine option within limits; a bad one is a ConfigError naming it. */
export function wholeOption(name: string, value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got ${value}`);
  return value;
}
