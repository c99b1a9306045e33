// The authorization server local mode talks to: the embedded one, or an external one found through its
// discovery document. Either way the gateway authenticates as one client (client_secret_basic).
import { DEMO_CLIENTS, type EmbeddedAs } from './embedded-as';
import type { ExternalAsSettings } from './start-settings';

export interface AsServer {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly introspectionEndpoint: string;
  readonly tokenEndpoint: string;
  /** The client the gateway authenticates as, to introspect or exchange. */
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The demo client the gateway authenticates as at the embedded AS. */
export const GATEWAY_CLIENT_ID = 'gateway-client';

export function asServerFromEmbedded(as: EmbeddedAs): AsServer {
  const gatewayClient = DEMO_CLIENTS.find((demo) => demo.clientId === GATEWAY_CLIENT_ID);
  if (!gatewayClient?.clientSecret) throw new Error(`the embedded AS has no ${GATEWAY_CLIENT_ID} with a client secret`);
  return {
    issuer: as.issuer,
    jwksUri: as.jwksUri,
    introspectionEndpoint: as.introspectionEndpoint,
    tokenEndpoint: as.tokenEndpoint,
    clientId: gatewayClient.clientId,
    clientSecret: gatewayClient.clientSecret,
  };
}

const DISCOVERY_PATHS = ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'];

export async function asServerFromDiscovery(external: ExternalAsSettings): Promise<AsServer> {
  const metadata = await discoveryDocument(external.issuer);
  const endpoint = (name: string) => {
    if (typeof metadata[name] !== 'string') throw new Error(`the discovery document of ${external.issuer} has no ${name}`);
    return metadata[name] as string;
  };
  return {
    issuer: endpoint('issuer'),
    jwksUri: endpoint('jwks_uri'),
    introspectionEndpoint: endpoint('introspection_endpoint'),
    tokenEndpoint: endpoint('token_endpoint'),
    clientId: external.clientId,
    clientSecret: external.clientSecret,
  };
}

async function discoveryDocument(issuer: string): Promise<Record<string, unknown>> {
  const base = issuer.replace(/\/$/, '');
  const failures: string[] = [];
  for (const path of DISCOVERY_PATHS) {
    try {
      const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return (await response.json()) as Record<string, unknown>;
      failures.push(`${path}: HTTP ${response.status}`);
    } catch (error) {
      failures.push(`${path}: ${(error as Error).message}`);
    }
  }
  throw new Error(`cannot read the discovery document of ${issuer} (${failures.join('; ')})`);
}
