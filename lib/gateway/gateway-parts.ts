// What every gateway builds the same way, whatever the kind of API: the cache table and the authorizer
// over the services' routes, and each service's backend and validator settings.
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { MutualTlsDomainOptions } from '../mutual-tls-domain';
import { PhantomTokenAuthorizer } from '../phantom-token-authorizer';
import { ServiceBackend } from '../service/service-backend';
import { withGatewayTracing } from '../service/service-function';
import type { ServiceValidatorOptions } from '../service/service-validator-options';
import { TokenCacheTable } from '../token-cache-table';
import { gatewayAuthorization } from './gateway-authorization';
import type { GatewayCommonProps, GatewayServiceOptions } from './gateway-options';

/** The cache table (`CacheTable`, unless one is given) and the authorizer (`Authorizer`) of a gateway. */
export function gatewayAuthorizer(scope: Construct, props: GatewayCommonProps & { readonly mutualTls?: MutualTlsDomainOptions }, tracing: boolean | undefined) {
  const cacheTable: dynamodb.ITableV2 = props.existingCacheTable ?? new TokenCacheTable(scope, 'CacheTable', props.cacheTableProps).table;
  const authorizer = new PhantomTokenAuthorizer(scope, 'Authorizer', {
    ...gatewayAuthorization(props),
    routes: props.services.flatMap((service) => service.routes),
    cacheTable,
    tracing: tracing || props.authorization.tracing,
  });
  return { cacheTable, authorizer };
}

/** A service's backend (with the gateway's tracing) and its validator settings (the authorization's issuer, keys, algorithms). */
export function gatewayService(props: GatewayCommonProps, service: GatewayServiceOptions, tracing: boolean | undefined): { backend: ServiceBackend; validator: ServiceValidatorOptions } {
  return {
    backend: withGatewayTracing(service.backend, tracing),
    validator: {
      issuer: props.authorization.issuer,
      audience: service.audience,
      jwksUri: props.authorization.jwksUri,
      allowedAlgorithms: props.authorization.allowedAlgorithms,
      tokenType: service.tokenType ?? props.authorization.exchange?.servicesTokenType,
    },
  };
}
