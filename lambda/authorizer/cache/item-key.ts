// Tier-2 item keys: the token hash under a namespace made of the settings that decide what the AS is asked
// for a token and how its answer is read. `cacheTable` accepts any table, so two authorizers may share one;
// they must never read each other's entries: an authorizer that narrows tokens (token exchange with
// `exchangeScope`) would otherwise serve the broader JWT another one stored for the same token, and the
// re-verification of the entry cannot tell (same issuer, same keys).
import { hash } from 'node:crypto';
import type { AuthorizerConfig } from '../../shared/config';

export type CacheNamespaceSettings = Pick<
  AuthorizerConfig,
  'issuer' | 'exchangeMode' | 'clientId' | 'introspectionEndpoint' | 'tokenEndpoint' | 'jwtField' | 'exchangeAudience' | 'exchangeScope' | 'jwtAudience'
>;

/** 16 hex characters naming these settings (not a secret: it only keeps namespaces apart). */
export function cacheNamespace(settings: CacheNamespaceSettings): string {
  const named = [
    settings.issuer,
    settings.exchangeMode,
    settings.clientId,
    settings.introspectionEndpoint ?? '',
    settings.tokenEndpoint ?? '',
    settings.jwtField,
    settings.exchangeAudience ?? '',
    settings.exchangeScope ?? '',
    settings.jwtAudience ?? '',
  ];
  return hash('sha256', JSON.stringify(named), 'hex').slice(0, 16);
}

/** The partition key of a token's item, also bound into its sealed value as associated data. */
export function cacheItemKey(namespace: string, tokenHash: string): string {
  return `${namespace}.${tokenHash}`;
}
