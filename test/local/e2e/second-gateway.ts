// Another authorizer instance behind its own local gateway, over a running stack's AS and cache table:
// bound tokens accepted, no result cache, its decision lines collected. For a DPoP proof replayed to a
// second instance, and for the plain endpoint a client certificate never reaches.
import { EXAMPLE_ROUTES } from '../../../lambda/shared/example-routes';
import { asServerFromEmbedded } from '../../../local/as-server';
import { localDynamoDbClient } from '../../../local/dynamodb';
import { exampleAuthorizer, exampleServices } from '../../../local/example-api';
import { startLocalGateway, type LocalGateway } from '../../../local/gateway';
import type { LocalStack } from '../../../local/local-stack';

export async function startSecondGateway(stack: LocalStack, lines: Array<Record<string, unknown>>): Promise<LocalGateway> {
  const dynamoDb = localDynamoDbClient(stack.dynamoDbEndpoint);
  const server = asServerFromEmbedded(stack.as!);
  const gateway = await startLocalGateway({
    port: 0,
    routes: EXAMPLE_ROUTES,
    services: exampleServices(server, 'accept-jwt', undefined, () => undefined),
    authorizer: exampleAuthorizer({
      server,
      exchangeMode: 'accept-jwt',
      cacheTable: stack.cacheTable,
      dynamoDbEndpoint: stack.dynamoDbEndpoint,
      dynamoDb,
      overrides: { senderConstrained: true },
      logSink: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    }),
    resultsCacheTtlSeconds: 0,
    accessLog: false,
  }).catch((error: unknown) => {
    dynamoDb.destroy();
    throw error;
  });
  return {
    url: gateway.url,
    port: gateway.port,
    cachesPerRoute: gateway.cachesPerRoute,
    clearAuthorizerCache: () => gateway.clearAuthorizerCache(),
    stop: async () => {
      await gateway.stop();
      dynamoDb.destroy();
    },
  };
}
