// One HTTP exchange with the authorization server: a form POST with a timeout. Network failures,
// timeouts and 5xx answers become UpstreamError (503); every other status is returned for the caller
// to classify, because what a 400 or 401 means depends on the endpoint.
import { UpstreamError } from '../../shared/errors';
import { withTimeoutSignal } from '../../shared/timeout-signal';
import { readCapped, type CappedBody } from '../../shared/read-capped';

export interface AsResponse {
  readonly status: number;
  readonly contentType: string;
  readonly cacheControl: string | undefined;
  readonly body: string;
  readonly latencyMs: number;
}

export interface AsRequest {
  readonly url: string;
  readonly form: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
}

export async function postForm(
  fetchImpl: typeof fetch,
  request: AsRequest,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<AsResponse> {
  const started = now();
  let response: Response;
  let body: CappedBody;
  try {
    [response, body] = await withTimeoutSignal(timeoutMs, async (signal) => {
      const answer = await fetchImpl(request.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...request.headers },
        body: request.form.toString(),
        signal,
        redirect: 'error',
      });
      // A body past the cap (shared/read-capped.ts) is not a token answer: reading stops there rather than buffer it.
      return [answer, await readCapped(answer)] as const;
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
    throw new UpstreamError('ERR_AS_UNAVAILABLE', timedOut ? `the AS did not answer within ${timeoutMs} ms` : 'the AS could not be reached', {
      endpoint: request.url,
      kind: timedOut ? 'timeout' : 'network',
      cause: (error as Error).name,
      latencyMs: now() - started,
    });
  }
  const latencyMs = now() - started;
  if (response.status >= 500) {
    throw new UpstreamError('ERR_AS_UNAVAILABLE', `the AS answered ${response.status}`, { endpoint: request.url, kind: 'http_5xx', status: response.status, latencyMs });
  }
  if (body.tooLarge) {
    throw new UpstreamError('ERR_AS_RESPONSE_INVALID', 'the AS answer is too large', { endpoint: request.url, kind: 'invalid_response', length: body.bytes });
  }
  return {
    status: response.status,
    contentType: (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase(),
    cacheControl: response.headers.get('cache-control') ?? undefined,
    body: body.text,
    latencyMs,
  };
}

/** The AS answered, but not in the shape this mode expects. */
export function invalidResponse(endpoint: string, problem: string, detail: Record<string, unknown> = {}): UpstreamError {
  return new UpstreamError('ERR_AS_RESPONSE_INVALID', `the AS answer is not usable: ${problem}`, { endpoint, kind: 'invalid_response', ...detail });
}

/** `{ "error": "..." }` from an OAuth error body, when there is one. */
export function oauthErrorCode(response: AsResponse): string | undefined {
  try {
    const parsed = JSON.parse(response.body) as { error?: unknown };
    return typeof parsed.error === 'string' ? parsed.error : undefined;
  } catch {
    return undefined;
  }
}
