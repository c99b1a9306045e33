// JSON text of one log field value. A decision line is written on every request, and JSON.stringify costs
// about as much per call as the rest of a memory-tier hit's bookkeeping; most values are short strings
// that need no escaping, or finite numbers, so those skip it. Everything else goes through JSON.stringify,
// so the text is always exactly what JSON.stringify would write.

/** Printable ASCII without `"` and `\`: such a string's JSON text is the string in quotes. */
const NEEDS_NO_ESCAPE = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

/** The value's JSON text, or undefined where JSON.stringify would leave the member out (a function, a symbol). */
export function jsonValue(value: unknown): string | undefined {
  if (typeof value === 'string') return NEEDS_NO_ESCAPE.test(value) ? `"${value}"` : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}
