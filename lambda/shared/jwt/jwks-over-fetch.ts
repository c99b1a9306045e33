// The authorizer fetches its JWKS through the same fetch as its AS calls (injectable, so tests and the
// bench can rewrite the AS's answers in one place); this adapts that fetch to the JWKS fetcher interface,
// with the same 256 KiB cap as the node:http fetcher, enforced while reading.
import { JWKS_ACCEPT, JWKS_MAX_BYTES, jwksTimeout, tooLarge, type JwksFetcher } from './jwks-fetcher';
import { readCapped, type CappedBody } from '../read-capped';

export function jwksFetcherOver(fetchImpl: typeof fetch): JwksFetcher {
  return async (url, timeoutMs) => {
    const signal = AbortSignal.timeout(timeoutMs);
    let body: CappedBody;
    let status: number;
    try {
      // The timeout covers the body too: reading rejects once the signal fires.
      const response = await fetchImpl(url, { method: 'GET', redirect: 'manual', signal, headers: { accept: JWKS_ACCEPT } });
      status = response.status;
      body = await readCapped(response, JWKS_MAX_BYTES);
    } catch (error) {
      if (signal.aborted) throw jwksTimeout(timeoutMs);
      throw error;
    }
    if (body.tooLarge) throw tooLarge();
    return { status, body: body.text };
  };
}
