// Tier-2 entries live under a namespace of the authorizer's exchange settings (cache/item-key.ts): two
// authorizers may share a table (cacheTable accepts any), but one that narrows tokens (token exchange with
// exchangeScope) never serves the broader JWT the other stored for the same token. Same settings share.
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { policyAllows, type PolicyStatement } from '../../../../lambda/shared/iam-match';
import { cacheNamespace } from '../../../../lambda/authorizer/cache/item-key';
import type { RouteRule } from '../../../../lambda/shared/routes';
import { restRequestEvent, testConfig } from '../helpers/config';
import { startBackend, type DynamoDbBackend } from '../helpers/dynamodb-backends';
import { harness } from '../helpers/harness';
import { jsonAnswer, startScriptedAs, type ScriptedAs } from '../helpers/scripted-as';

const ARN_BASE = 'arn:aws:execute-api:us-east-1:123456789012:api1/prod';
const routes: RouteRule[] = [
  { method: 'GET', path: '/invoices', scopes: { anyOf: ['invoice_read'] } },
  { method: 'POST', path: '/invoices', scopes: { anyOf: ['invoice_write'] } },
];

let as: ScriptedAs;
let db: DynamoDbBackend;
beforeAll(async () => {
  [as, db] = await Promise.all([startScriptedAs(), startBackend('dynalite')]);
  // RFC 8693: the AS issues a JWT carrying exactly the scope the gateway asked for.
  as.respond = async (request) =>
    jsonAnswer(200, {
      access_token: await as.mint({ sub: 'user-1', client_id: 'c', scope: request.form.get('scope') ?? 'invoice_read invoice_write' }),
      issued_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_type: 'N_A',
    });
}, 90_000);
afterAll(async () => {
  await Promise.all([as?.stop(), db?.stop()]);
});

it('an authorizer that exchanges for invoice_read only never reads an entry another authorizer wrote to a shared table', async () => {
  const table = await db.newTable();
  const broadConfig = testConfig({ issuer: as.issuer, routes, exchangeMode: 'token-exchange', cacheTable: table });
  const narrowConfig = testConfig({ issuer: as.issuer, routes, exchangeMode: 'token-exchange', exchangeScope: 'invoice_read', cacheTable: table });
  expect(cacheNamespace(narrowConfig)).not.toBe(cacheNamespace(broadConfig));
  const arn = `${ARN_BASE}/POST/invoices`;

  await harness(broadConfig, { dynamoDb: db.client }).handler(restRequestEvent('Bearer tok', 'GET', '/invoices'));
  const narrow = harness(narrowConfig, { dynamoDb: db.client });
  const result = (await narrow.handler(restRequestEvent('Bearer tok', 'POST', '/invoices'))) as APIGatewayAuthorizerResult;
  // Its own exchange (scope invoice_read), not the broad JWT: POST is denied.
  expect(narrow.decisions()[0]).toMatchObject({ cacheTier: 'miss', outcome: 'deny', reason: 'ERR_SCOPE_INSUFFICIENT' });
  expect(policyAllows(result.policyDocument.Statement as unknown as PolicyStatement[], arn)).toBe(false);

  // Authorizers with the same settings still share their entries.
  const sibling = harness(narrowConfig, { dynamoDb: db.client });
  await sibling.handler(restRequestEvent('Bearer tok', 'GET', '/invoices'));
  expect(sibling.decisions()[0]).toMatchObject({ cacheTier: 'dynamodb', outcome: 'allow' });
});
