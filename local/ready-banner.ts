// What `npm start` prints once everything listens: one line beginning `ready` (scripts wait for it), the
// demo clients, and a copy-paste example that gets a token and calls the API.
import type { DemoClient } from './embedded-as';

export interface BannerClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Space-separated scopes the client may request. */
  readonly scope: string;
  /** What the client is for, when its scopes do not say. */
  readonly note?: string;
}

export interface BannerInput {
  readonly gatewayUrl: string;
  readonly issuer: string;
  readonly tokenEndpoint: string;
  readonly exchangeMode: string;
  readonly dynamoDbEndpoint: string;
  /** Empty with an external AS: its clients are its own. */
  readonly demoClients: readonly BannerClient[];
}

/** The demo clients a reader can use with curl (a private_key_jwt client needs a signed assertion). */
export function bannerClients(clients: readonly DemoClient[]): BannerClient[] {
  return clients
    .filter((client) => client.clientSecret !== undefined && (client.scope.length > 0 || client.gateway))
    .map((client) => ({
      clientId: client.clientId,
      clientSecret: client.clientSecret!,
      scope: client.scope,
      note: client.gateway ? 'the gateway itself: introspection and token exchange' : undefined,
    }));
}

export const EXAMPLE_CLIENT_ID = 'invoices-client';
export const EXAMPLE_PATH = '/invoices/inv-1001';

export function readyBanner(input: BannerInput): string[] {
  const lines = [`ready gateway=${input.gatewayUrl} as=${input.issuer} mode=${input.exchangeMode} dynamodb=${input.dynamoDbEndpoint}`];
  if (input.demoClients.length === 0) {
    lines.push('', `Using the external authorization server ${input.issuer}; get a token from it and call ${input.gatewayUrl}${EXAMPLE_PATH}.`);
    return lines;
  }
  lines.push('', 'Demo clients (client_id / client_secret: scopes):');
  for (const client of input.demoClients) {
    lines.push(`  ${client.clientId} / ${client.clientSecret}: ${[client.scope, client.note && `(${client.note})`].filter(Boolean).join(' ')}`);
  }
  const example = input.demoClients.find((client) => client.clientId === EXAMPLE_CLIENT_ID) ?? input.demoClients[0];
  lines.push('', 'Try it:', ...curlExample(input, example), '', 'Stop with Ctrl+C.');
  return lines;
}

/** Two shell lines: a client credentials grant at the AS, then the API call with the opaque token. */
export function curlExample(input: Pick<BannerInput, 'gatewayUrl' | 'tokenEndpoint'>, client: BannerClient): string[] {
  const readAccessToken = `node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).access_token'`;
  return [
    `  TOKEN=$(curl -s -u ${client.clientId}:${client.clientSecret} -d grant_type=client_credentials --data-urlencode 'scope=${client.scope}' ${input.tokenEndpoint} | ${readAccessToken})`,
    `  curl -i -H "Authorization: Bearer $TOKEN" ${input.gatewayUrl}${EXAMPLE_PATH}`,
  ];
}
