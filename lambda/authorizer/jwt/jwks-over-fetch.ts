// The authorizer fetches its JWKS through the same fetch as its AS calls (injectable, so tests and the
// bench can rewrite the AS's answers in one place); this adapts that fetch to the JWKS fetcher interface.
import { errors } from 'jose';
import { JWKS_ACCEPT } from '../../validator/jwks-fetcher';
import type { JwksFetcher } from '../../validator/jwks-fetcher';

export function jwksFetcherOver(fetchImpl: typeof fetch): JwksFetcher {
  return async (url, timeoutMs) => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      // The timeout covers the body too: text() rejects once the signal fires.
      const response = await fetchImpl(url, { method: 'GET', redirect: 'manual', signal, headers: { accept: JWKS_ACCEPT } });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      if (signal.aborted) throw new errors.JWKSTimeout(undefined, { cause: error });
      throw error;
    }
  };
}
