// The HTTP API lane (`npm run soak -- --api http`): the same traffic, faults and zero-tolerance counts
// against the local HTTP API, judged by HTTP API's own answers where they differ from the REST gateway's.
// An HTTP API has no gateway responses: an authorizer that fails because the AS is down or too slow is
// API Gateway's 500 (no Retry-After) instead of the designed 503, and a path no route names is a 404.
// Everything else (401s, 403s, successes, the revocation bound, the recovery allowance) is the same.

/** What an uncached token gets while the AS is unavailable, on an HTTP API. */
export const HTTP_API_DESIGNED_AS_FAULT_STATUS = 500;

/** What a request to a path or method no route names gets, on an HTTP API. */
export const HTTP_API_UNKNOWN_ROUTE_STATUS = 404;
