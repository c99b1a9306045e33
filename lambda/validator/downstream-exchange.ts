// Downstream strategy "exchange": RFC 8693 token exchange at the AS for a reduced token (narrower
// `scope`, the downstream `audience`). Results are cached per (token hash, audience, scope) until the
// new token's expiry, and concurrent requests for the same key share one call. A scope the caller's
// token does not grant is refused here, before the AS is asked: exchange narrows, it never widens.
import { decodeJwt } from 'jose';
import { AccessDeniedError, ConfigError, TokenError, UpstreamError, type PhantomTokenError } from '../shared/errors';
import type { VerifiedJwt } from './claims';
import { LruCache } from '../shared/lru';
import { validatorUrlProblem } from './options';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';
/** A cached exchanged token is dropped this many seconds before it expires, so it never expires in flight. */
export const EXCHANGE_EXPIRY_MARGIN_SECONDS = 5;

export interface TokenExchangeOptions {
  readonly tokenEndpoint: string;
  /** This service's client at the AS (client_secret_basic). */
  readonly clientId: string;
  readonly clientSecret: string;
  /** @default 2500 */
  readonly timeoutMs?: number;
  /** @default 1000 */
  readonly cacheEntries?: number;
  /** Allows an http:// token endpoint (loopback development only). @default false */
  readonly localMode?: boolean;
  /** @default Date.now */
  readonly clock?: () => number;
}

export interface ExchangeRequest {
  /** The downstream API's audience. */
  readonly audience: string;
  /** Space-separated; every scope must be one the caller's token grants (ERR_SCOPE_INSUFFICIENT otherwise, without asking the AS). */
  readonly scope: string;
}

export interface ExchangedToken {
  readonly accessToken: string;
  readonly issuedTokenType: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export interface TokenExchanger {
  exchange(jwt: VerifiedJwt, request: ExchangeRequest): Promise<ExchangedToken>;
}

function basicAuth(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

/** RFC 6749 §5.2 error answers mapped onto our codes. */
function refusal(status: number, error: unknown): PhantomTokenError {
  if (status === 401 || error === 'invalid_client' || error === 'unauthorized_client') {
    return new UpstreamError('ERR_AS_CLIENT_AUTH', 'the AS refused this service\'s client credentials', { status });
  }
  if (error === 'invalid_scope') return new AccessDeniedError('ERR_SCOPE_INSUFFICIENT', 'the token cannot be exchanged for that scope', { status, error });
  if (error === 'invalid_target') return new AccessDeniedError('ERR_POLICY_DENIED', 'the token cannot be exchanged for that audience', { status, error });
  if (error === 'invalid_grant') return new TokenError('ERR_TOKEN_INACTIVE', 'the AS no longer accepts the subject token', { status, error });
  if (status >= 500) return new UpstreamError('ERR_AS_UNAVAILABLE', 'the AS failed the token exchange', { status });
  return new UpstreamError('ERR_AS_RESPONSE_INVALID', 'the AS answered the token exchange with an unexpected error', { status, error: typeof error === 'string' ? error : null });
}

function expiryOf(body: Record<string, unknown>, accessToken: string, nowSeconds: number): number {
  // A finite lifetime only: `1e999` parses as Infinity, which would keep the token cached until evicted.
  if (typeof body.expires_in === 'number' && Number.isFinite(body.expires_in) && body.expires_in > 0) return nowSeconds + body.expires_in;
  try {
    const { exp } = decodeJwt(accessToken);
    if (typeof exp === 'number') return exp;
  } catch {
    // Not a JWT: without expires_in it is not cached.
  }
  return nowSeconds;
}

export function createTokenExchanger(options: TokenExchangeOptions): TokenExchanger {
  const problem = validatorUrlProblem(options.tokenEndpoint, options.localMode ?? false);
  if (problem) throw new ConfigError('tokenEndpoint', problem);
  if (!options.clientId) throw new ConfigError('clientId', 'is required');
  if (!options.clientSecret) throw new ConfigError('clientSecret', 'is required');
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 2500;
  const authorization = basicAuth(options.clientId, options.clientSecret);
  const cache = new LruCache<ExchangedToken>(options.cacheEntries ?? 1000);
  const inFlight = new Map<string, Promise<ExchangedToken>>();

  async function callAs(jwt: VerifiedJwt, request: ExchangeRequest): Promise<ExchangedToken> {
    const form = new URLSearchParams({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: jwt.compact(),
      subject_token_type: JWT_TOKEN_TYPE,
      requested_token_type: JWT_TOKEN_TYPE,
      audience: request.audience,
      scope: request.scope,
    });
    let response: Response;
    try {
      response = await fetch(options.tokenEndpoint, {
        method: 'POST',
        headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: form,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error | null)?.name === 'TimeoutError';
      throw new UpstreamError('ERR_AS_UNAVAILABLE', timedOut ? 'the token exchange timed out' : 'the AS could not be reached', { timeoutMs });
    }
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = await response.json();
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      if (response.status >= 500) throw new UpstreamError('ERR_AS_UNAVAILABLE', 'the AS failed the token exchange', { status: response.status });
      throw new UpstreamError('ERR_AS_RESPONSE_INVALID', 'the token exchange answer is not a JSON object', { status: response.status });
    }
    if (response.status !== 200) throw refusal(response.status, body.error);
    const accessToken = body.access_token;
    if (typeof accessToken !== 'string' || accessToken.length === 0) {
      throw new UpstreamError('ERR_AS_RESPONSE_INVALID', 'the token exchange answer has no access_token', { status: 200 });
    }
    const issuedTokenType = typeof body.issued_token_type === 'string' ? body.issued_token_type : JWT_TOKEN_TYPE;
    return { accessToken, issuedTokenType, expiresAt: expiryOf(body, accessToken, Math.floor(clock() / 1000)) };
  }

  return {
    async exchange(jwt, request) {
      const requested = request.scope.split(' ').filter(Boolean);
      // An exchange narrows: with no scope named the AS would choose one (often its default, wider set).
      if (requested.length === 0) throw new ConfigError('scope', 'an exchange must name at least one scope');
      const notGranted = requested.filter((wanted) => !jwt.scopes.includes(wanted));
      if (notGranted.length > 0) {
        throw new AccessDeniedError('ERR_SCOPE_INSUFFICIENT', 'the token does not grant the scope requested for the exchange', { required: notGranted.join(' ') });
      }
      const scope = requested.sort().join(' ');
      const key = JSON.stringify([jwt.tokenHash, request.audience, scope]);
      const cached = cache.get(key);
      if (cached && cached.expiresAt - EXCHANGE_EXPIRY_MARGIN_SECONDS > clock() / 1000) return cached;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = callAs(jwt, { audience: request.audience, scope }).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      const exchanged = await pending;
      if (exchanged.expiresAt - EXCHANGE_EXPIRY_MARGIN_SECONDS > clock() / 1000) cache.set(key, exchanged);
      return exchanged;
    },
  };
}
