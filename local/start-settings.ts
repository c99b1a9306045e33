// `npm start`'s settings, read once from the environment. A bad value stops start-up with a message that
// names the variable.
import { EXCHANGE_MODES, type ExchangeMode, urlProblem } from '../lambda/shared/config';
import { ConfigError } from '../lambda/shared/errors';
import { LOCAL_API_KINDS, type LocalApiKind } from './gateway/http-api-gateway';

export const START_ENV = {
  gatewayPort: 'PORT',
  asPort: 'AS_PORT',
  mode: 'PHANTOM_MODE',
  api: 'PHANTOM_API',
  dynamoDbEndpoint: 'DYNAMODB_ENDPOINT',
  issuer: 'PHANTOM_ISSUER',
  clientId: 'PHANTOM_CLIENT_ID',
  clientSecret: 'PHANTOM_CLIENT_SECRET',
  /** `1`: accept DPoP- and certificate-bound tokens (the gateway result cache is then off). */
  senderConstrained: 'PHANTOM_SENDER_CONSTRAINED',
  /** `1`: serve the gateway over https with client-certificate auth (a demo CA and client certificate); implies the above. */
  mutualTls: 'PHANTOM_MTLS',
} as const;

export interface ExternalAsSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface StartSettings {
  readonly gatewayPort: number;
  readonly asPort: number;
  readonly exchangeMode: ExchangeMode;
  /** `PHANTOM_API`: the kind of API local mode serves. */
  readonly api: LocalApiKind;
  /** Another DynamoDB instead of the embedded one. */
  readonly dynamoDbEndpoint?: string;
  /** An external AS instead of the embedded one. */
  readonly externalAs?: ExternalAsSettings;
  readonly senderConstrained: boolean;
  readonly mutualTls: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

export function startSettingsFromEnv(env: Env): StartSettings {
  const E = START_ENV;
  const value = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const mode = value(E.mode) ?? 'accept-jwt';
  if (!(EXCHANGE_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError(E.mode, `must be one of ${EXCHANGE_MODES.join(', ')}, got "${mode}"`);
  }
  const api = value(E.api) ?? 'rest';
  if (!(LOCAL_API_KINDS as readonly string[]).includes(api)) throw new ConfigError(E.api, `must be one of ${LOCAL_API_KINDS.join(', ')}, got "${api}"`);
  const dynamoDbEndpoint = value(E.dynamoDbEndpoint);
  const endpointProblem = dynamoDbEndpoint ? urlProblem(dynamoDbEndpoint, true) : undefined;
  if (endpointProblem) throw new ConfigError(E.dynamoDbEndpoint, endpointProblem);
  return {
    gatewayPort: port(value(E.gatewayPort), E.gatewayPort, 3000),
    asPort: port(value(E.asPort), E.asPort, 4000),
    exchangeMode: mode as ExchangeMode,
    api: api as LocalApiKind,
    dynamoDbEndpoint,
    externalAs: externalAs(value(E.issuer), value(E.clientId), value(E.clientSecret)),
    senderConstrained: flag(value(E.senderConstrained), E.senderConstrained) || flag(value(E.mutualTls), E.mutualTls),
    mutualTls: flag(value(E.mutualTls), E.mutualTls),
  };
}

function flag(text: string | undefined, name: string): boolean {
  if (text === undefined || text === '0' || text === 'false') return false;
  if (text === '1' || text === 'true') return true;
  throw new ConfigError(name, `must be 1 or 0, got "${text}"`);
}

function port(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new ConfigError(name, `must be a port number from 0 to 65535, got "${text}"`);
  return Number(text);
}

function externalAs(issuer?: string, clientId?: string, clientSecret?: string): ExternalAsSettings | undefined {
  if (issuer === undefined) {
    for (const [name, given] of [[START_ENV.clientId, clientId], [START_ENV.clientSecret, clientSecret]] as const) {
      if (given !== undefined) throw new ConfigError(name, `is used with an external AS only; set ${START_ENV.issuer} too`);
    }
    return undefined;
  }
  const problem = urlProblem(issuer, true);
  if (problem) throw new ConfigError(START_ENV.issuer, problem);
  if (clientId === undefined) throw new ConfigError(START_ENV.clientId, `is required with ${START_ENV.issuer} (the client the gateway authenticates as)`);
  if (clientSecret === undefined) throw new ConfigError(START_ENV.clientSecret, `is required with ${START_ENV.issuer}`);
  return { issuer, clientId, clientSecret };
}
