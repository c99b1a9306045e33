// The example app's settings, read from CDK context (`-c issuer=... -c clientSecretArn=...`) with
// defaults that let `npx cdk synth` run offline. Deploying needs real values for at least the issuer and
// the secret; see the README ("Deploy against a real authorization server").
import { EXCHANGE_MODES, type ExchangeMode } from '../lambda/shared/config';
import { JwtExchange } from '../lib';

export interface ExampleSettings {
  /** `-c issuer=`: the AS issuer. Default `https://login.example.com`. */
  readonly issuer: string;
  /** `-c clientId=`: the gateway's client at the AS. Default `api-gateway`. */
  readonly clientId: string;
  /**
   * `-c clientSecretArn=`: Secrets Manager secret holding the gateway's client secret (or private key).
   * Default: the secret named `phantom-token/gateway-client` in the stack's account and region.
   */
  readonly clientSecretArn?: string;
  /** Name used when no ARN is given. */
  readonly clientSecretName: string;
  /** `-c exchangeMode=`: accept-jwt (default), jwt-in-json, rfc9701, token-exchange. */
  readonly exchangeMode: ExchangeMode;
  /** `-c jwksUri=`: the AS's JWKS, for the authorizer and the services. Default `<issuer>/jwks`. */
  readonly jwksUri: string;
  /** `-c introspectionEndpoint=` / `-c tokenEndpoint=`: overrides of discovery. */
  readonly introspectionEndpoint?: string;
  readonly tokenEndpoint?: string;
  /** `-c exchangeAudience=` / `-c exchangeScope=`: token-exchange parameters. */
  readonly exchangeAudience?: string;
  readonly exchangeScope?: string;
  /** `-c webAcl=true`: put AWS WAF in front of the API. Default false. */
  readonly webAcl: boolean;
  /** `-c api=http`: an HTTP API (PhantomTokenHttpGateway) instead of a REST API. Default `rest`. */
  readonly api: 'rest' | 'http';
}

export const EXAMPLE_DEFAULTS = {
  issuer: 'https://login.example.com',
  clientId: 'api-gateway',
  clientSecretName: 'phantom-token/gateway-client',
  exchangeMode: 'accept-jwt' as ExchangeMode,
} as const;

/** Reads the settings; a bad value fails with the context key at fault. */
export function exampleSettings(context: (key: string) => unknown): ExampleSettings {
  const text = (key: string): string | undefined => {
    const value = context(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' && typeof value !== 'boolean') throw new Error(`context "${key}" must be a string`);
    return String(value);
  };
  const exchangeMode = text('exchangeMode') ?? EXAMPLE_DEFAULTS.exchangeMode;
  if (!(EXCHANGE_MODES as readonly string[]).includes(exchangeMode)) {
    throw new Error(`context "exchangeMode" must be one of ${EXCHANGE_MODES.join(', ')}, got "${exchangeMode}"`);
  }
  const webAcl = text('webAcl') ?? 'false';
  if (webAcl !== 'true' && webAcl !== 'false') throw new Error(`context "webAcl" must be true or false, got "${webAcl}"`);
  const api = text('api') ?? 'rest';
  if (api !== 'rest' && api !== 'http') throw new Error(`context "api" must be rest or http, got "${api}"`);
  if (api === 'http' && webAcl === 'true') throw new Error('context "webAcl" is for api=rest: an HTTP API cannot have an AWS WAF web ACL (put CloudFront with WAF in front of it)');
  const issuer = text('issuer') ?? EXAMPLE_DEFAULTS.issuer;
  return {
    issuer,
    clientId: text('clientId') ?? EXAMPLE_DEFAULTS.clientId,
    clientSecretArn: text('clientSecretArn'),
    clientSecretName: text('clientSecretName') ?? EXAMPLE_DEFAULTS.clientSecretName,
    exchangeMode: exchangeMode as ExchangeMode,
    jwksUri: text('jwksUri') ?? `${issuer.replace(/\/+$/, '')}/jwks`,
    introspectionEndpoint: text('introspectionEndpoint'),
    tokenEndpoint: text('tokenEndpoint'),
    exchangeAudience: text('exchangeAudience'),
    exchangeScope: text('exchangeScope'),
    webAcl: webAcl === 'true',
    api,
  };
}

/** The exchange the settings name; the token-exchange parameters belong to that mode alone. */
export function exampleExchange(settings: ExampleSettings): JwtExchange {
  if (settings.exchangeMode !== 'token-exchange') {
    for (const [key, value] of Object.entries({ exchangeAudience: settings.exchangeAudience, exchangeScope: settings.exchangeScope })) {
      if (value !== undefined) throw new Error(`context "${key}" applies to exchangeMode token-exchange only, not ${settings.exchangeMode}`);
    }
  }
  switch (settings.exchangeMode) {
    case 'jwt-in-json':
      return JwtExchange.jwtInJson();
    case 'rfc9701':
      return JwtExchange.signedIntrospection();
    case 'token-exchange':
      return JwtExchange.tokenExchange({ audience: settings.exchangeAudience, scope: settings.exchangeScope });
    default:
      return JwtExchange.acceptJwt();
  }
}
