// The AS endpoints: configured ones win; anything missing is read once from the AS's metadata
// (RFC 8414, then OpenID Connect discovery). A failed read is not remembered, so the next request retries.
import type { AuthorizerConfig } from '../../shared/config';
import { ConfigError, UpstreamError } from '../../shared/errors';

export interface AsEndpoints {
  readonly introspectionEndpoint?: string;
  readonly tokenEndpoint?: string;
  readonly jwksUri: string;
}

const METADATA_PATHS = ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'];

export class EndpointResolver {
  private resolved?: Promise<AsEndpoints>;

  constructor(
    private readonly config: AuthorizerConfig,
    private readonly fetchImpl: typeof fetch,
  ) {}

  get(): Promise<AsEndpoints> {
    if (!this.resolved) {
      const pending = this.resolve();
      pending.catch(() => {
        if (this.resolved === pending) this.resolved = undefined;
      });
      this.resolved = pending;
    }
    return this.resolved;
  }

  private async resolve(): Promise<AsEndpoints> {
    const { config } = this;
    const needsToken = config.exchangeMode === 'token-exchange';
    const complete = config.jwksUri && (needsToken ? config.tokenEndpoint : config.introspectionEndpoint);
    const metadata = complete ? {} : await this.readMetadata();
    const endpoints = {
      introspectionEndpoint: config.introspectionEndpoint ?? stringField(metadata, 'introspection_endpoint'),
      tokenEndpoint: config.tokenEndpoint ?? stringField(metadata, 'token_endpoint'),
      jwksUri: config.jwksUri ?? stringField(metadata, 'jwks_uri'),
    };
    const missing = needsToken ? (!endpoints.tokenEndpoint ? 'token_endpoint' : undefined) : !endpoints.introspectionEndpoint ? 'introspection_endpoint' : undefined;
    if (missing) throw new ConfigError('PHANTOM_ISSUER', `the AS metadata has no ${missing}; set it explicitly`);
    if (!endpoints.jwksUri) throw new ConfigError('PHANTOM_JWKS_URI', 'the AS metadata has no jwks_uri; set it explicitly');
    return endpoints as AsEndpoints;
  }

  private async readMetadata(): Promise<Record<string, unknown>> {
    const base = this.config.issuer.replace(/\/$/, '');
    for (const path of METADATA_PATHS) {
      let response: Response;
      try {
        response = await this.fetchImpl(`${base}${path}`, { signal: AbortSignal.timeout(this.config.asTimeoutMs), redirect: 'error' });
      } catch (error) {
        throw new UpstreamError('ERR_AS_UNAVAILABLE', 'the AS metadata could not be read', { cause: (error as Error).name });
      }
      if (response.status === 404) continue;
      if (!response.ok) throw new UpstreamError('ERR_AS_UNAVAILABLE', `the AS metadata answered ${response.status}`, { status: response.status });
      try {
        const metadata = (await response.json()) as Record<string, unknown>;
        if (metadata.issuer !== undefined && metadata.issuer !== this.config.issuer) {
          throw new ConfigError('PHANTOM_ISSUER', `the AS metadata names issuer "${String(metadata.issuer)}"`);
        }
        return metadata;
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        throw new UpstreamError('ERR_AS_RESPONSE_INVALID', 'the AS metadata is not JSON');
      }
    }
    throw new ConfigError('PHANTOM_ISSUER', 'the AS publishes no metadata; set the endpoints explicitly');
  }
}

function stringField(metadata: Record<string, unknown>, name: string): string | undefined {
  return typeof metadata[name] === 'string' ? (metadata[name] as string) : undefined;
}
