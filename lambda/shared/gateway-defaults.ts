// What the constructs configure API Gateway with by default, and what local mode's gateways mirror.
// Local mode cannot import lib/ (it pulls in aws-cdk-lib), so both sides read these numbers and names
// from here. Whether the REST authorizer caches per route is decided by `needsPerRouteCacheKeys` in
// route-overlap.ts, also shared.

/**
 * 60 s: a revoked token keeps working for up to this long at API Gateway's cache, which never asks the
 * authorizer. Short enough for revocation to bite quickly, long enough to absorb bursts from one client.
 */
export const DEFAULT_RESULTS_CACHE_TTL_SECONDS = 60;

/** The request header the authorizers' identity source reads, and the first part of the cache key. */
export const IDENTITY_SOURCE_HEADER = 'Authorization';

/** The authorizer function's timeout; the local gateways wait as long for it. */
export const DEFAULT_AUTHORIZER_TIMEOUT_SECONDS = 10;

/** The one stage of an HTTP API: PhantomTokenHttpGateway makes it, the local HTTP API serves under it. */
export const HTTP_API_STAGE_NAME = '$default';
