// startLocalStack's other set-ups: another DynamoDB endpoint, an external AS, routes with authorization
// off, and cleaning up after a failed start.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { createServer } from 'node:http';
import { localDynamoDbClient, startEmbeddedDynamoDb } from '../../local/dynamodb';
import { startEmbeddedAs } from '../../local/embedded-as';
import { PortInUseError } from '../../local/listen';
import { startLocalStack } from '../../local/local-stack';

const quiet = { accessLog: false as const, decisionLog: () => undefined };
const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('startLocalStack', () => {
  it('uses another DynamoDB when given one: creates the table there and caches under token hashes only', async () => {
    const other = await startEmbeddedDynamoDb({ port: 0 });
    const stack = await startLocalStack({ dynamoDbEndpoint: other.endpoint, cacheTable: 'team-cache', ...quiet });
    const client = localDynamoDbClient(other.endpoint, {});
    try {
      expect(stack.dynamoDbEndpoint).toBe(other.endpoint);
      expect(stack.embeddedDynamoDb).toBeUndefined();
      const token = await stack.as!.getToken('invoices-client');
      expect((await fetch(`${stack.gatewayUrl}/invoices/inv-1001`, bearer(token))).status).toBe(200);
      const { Items } = await client.send(new ScanCommand({ TableName: 'team-cache' }));
      expect(Items?.length).toBeGreaterThan(0);
      for (const item of Items ?? []) {
        expect(item.pk.S).toMatch(/[0-9a-f]{64}/);
        expect(JSON.stringify(item)).not.toContain(token);
      }
    } finally {
      client.destroy();
      await stack.stop();
      await other.stop();
    }
  });

  it('uses an external AS found through discovery, with the gateway client given', async () => {
    const external = await startEmbeddedAs({ port: 0 });
    const stack = await startLocalStack({
      externalAs: { issuer: external.issuer, clientId: 'gateway-client', clientSecret: 'gateway-secret' },
      exchangeMode: 'jwt-in-json',
      ...quiet,
    });
    try {
      expect(stack.as).toBeUndefined();
      expect(stack.issuer).toBe(external.issuer);
      expect(stack.banner.demoClients).toEqual([]);
      const token = await external.getToken('streaming-client');
      expect((await fetch(`${stack.gatewayUrl}/streams/s-1`, bearer(token))).status).toBe(200);
      expect(external.calls.introspection).toBeGreaterThan(0);
    } finally {
      await stack.stop();
      await external.stop();
    }
  });

  it('serves unauthenticated routes without the authorizer', async () => {
    const lines: string[] = [];
    const stack = await startLocalStack({ unauthenticatedRoutes: ['GET /streams/{id}'], accessLog: (line) => lines.push(line), decisionLog: () => undefined });
    try {
      const response = await fetch(`${stack.gatewayUrl}/streams/s-1`);
      expect(response.headers.get('x-amzn-errortype')).toBeNull();
      expect(JSON.parse(lines[0])).toMatchObject({ route: 'GET /streams/{id}', authorization: 'off' });
      expect((await fetch(`${stack.gatewayUrl}/streams/s-1/metadata`)).status).toBe(401);
    } finally {
      await stack.stop();
    }
  });

  it('reports a busy gateway port and stops what it had started', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    const asPort = await freePort();
    try {
      await expect(startLocalStack({ gatewayPort: busy, asPort, ...quiet })).rejects.toEqual(expect.objectContaining({ port: busy, component: 'gateway' }));
      await expect(startLocalStack({ gatewayPort: busy, asPort, ...quiet })).rejects.toBeInstanceOf(PortInUseError);
      const probe = createServer();
      await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(asPort, '127.0.0.1', resolve));
      await new Promise((resolve) => probe.close(resolve));
    } finally {
      blocker.close();
    }
  });
});
