// Key sets answer synchronously when they already hold the key; callers await only a real promise, since
// every await costs a microtask round trip on the per-request path.
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
