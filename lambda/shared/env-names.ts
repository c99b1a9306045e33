// Environment variable names, by config field: read off the settings tables (config.ts), so the
// constructs, the handlers and local mode cannot disagree on one.
import { AUTHORIZER_SETTINGS, REVOCATION_RECEIVER_SETTINGS, VALIDATOR_SETTINGS } from './config';

type EnvNames<T extends Record<string, { readonly env: string }>> = { readonly [F in keyof T]: T[F]['env'] };

/* @__NO_SIDE_EFFECTS__ */ function envNames<T extends Record<string, { readonly env: string }>>(table: T): EnvNames<T> {
  return Object.fromEntries(Object.entries(table).map(([field, setting]) => [field, setting.env])) as EnvNames<T>;
}

export const AUTHORIZER_ENV = envNames(AUTHORIZER_SETTINGS);
export const VALIDATOR_ENV = envNames(VALIDATOR_SETTINGS);
export const REVOCATION_RECEIVER_ENV = envNames(REVOCATION_RECEIVER_SETTINGS);

/** Keys the authorizer puts in the API Gateway authorizer context (values: strings, numbers, booleans). */
export const AUTHORIZER_CONTEXT = {
  /** The phantom JWT. */
  jwt: 'jwt',
  /** `Bearer <jwt>`, ready to be mapped into an HTTP backend's `Authorization` header. */
  authorization: 'authorization',
  sub: 'sub',
  clientId: 'client_id',
  scope: 'scope',
  /** Hex SHA-256 of the opaque token (domain-separated), for audit; never the token. */
  tokenHash: 'token_hash',
} as const;
