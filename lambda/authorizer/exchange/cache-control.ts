// How long the AS lets the gateway keep an exchange result, read from its `Cache-Control` (RFC 9111 §5.2).
// The entry lifetime is min(JWT exp, this, the configured cap) (cache/entry.ts).
//
// `max-age` and `s-maxage` lower the lifetime when sent; the shorter one wins, because the gateway's
// cache is both the AS's direct client and shared between instances (tier 2), and taking the shorter
// never keeps a result longer than the AS allows either kind of cache. A value that is not a whole
// number counts as 0, as RFC 9111 §4.2.1 has a cache treat an invalid max-age (stale).
//
// `no-store` and `no-cache` do not stop the gateway's own cache by default. ASes send `no-store` on
// every token-bearing answer (RFC 6749 §5.1, oidc-provider on introspection too) to keep HTTP
// intermediaries and browsers from storing the body; the phantom-token gateway is the party the answer
// is for, and its cache is what the pattern exists for, bounded by the cap and the JWT's `exp` (Curity's
// phantom-token plugins cache by `exp` regardless). With `honorNoStore` on, either directive means the
// result is not cached at all (lifetime 0), for operators who want every request to reach the AS.

/** Seconds the result may be cached by the AS's word, or undefined when it sets no limit. */
export function cacheLifetimeSeconds(cacheControl: string | undefined, honorNoStore: boolean): number | undefined {
  if (!cacheControl) return undefined;
  let lifetime: number | undefined;
  for (const directive of cacheControl.split(',')) {
    const equals = directive.indexOf('=');
    const name = (equals < 0 ? directive : directive.slice(0, equals)).trim().toLowerCase();
    if (name === 'no-store' || name === 'no-cache') {
      if (honorNoStore) return 0;
    } else if (name === 'max-age' || name === 's-maxage') {
      const seconds = deltaSeconds(equals < 0 ? '' : directive.slice(equals + 1));
      lifetime = lifetime === undefined ? seconds : Math.min(lifetime, seconds);
    }
  }
  return lifetime;
}

/** RFC 9111 §1.2.2 delta-seconds, also in the quoted form recipients should accept; invalid is 0. */
function deltaSeconds(text: string): number {
  const value = text.trim().replace(/^"(.*)"$/, '$1');
  return /^\d+$/.test(value) ? Number(value) : 0;
}
