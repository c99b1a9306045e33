// What the tests of the policy-engine examples (README.md and docs/policy-engines.md) share: reading an
// `<!-- example: NAME -->` block, pointing its `cdk-phantom-token` imports at the source tree, and the
// world its handlers run in: a signing key and its JWKS server, the Verified Permissions MOCK (an
// in-process HTTP stand-in for IsAuthorized deciding with Cedar over the example service's policies) and
// a STAND-IN server for OPA's REST Data API whose document mirrors the examples' Rego, with the
// environment a deployed function has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validatorConfigToEnv } from '../../../../lambda/shared/config';
import { INVOICE_POLICY_FILE } from '../../../../lambda/invoices/service';
import type { ProxyHandler } from '../../../../lambda/validator';
import { cedarPolicySet } from '../../../../lambda/validator/policy/cedar-policy-set';
import { startJwksServer, type JwksServer } from '../jwks-server';
import { AUDIENCE, ISSUER, jwksOf, makeKey, mint, phantomClaims, restEvent, type TestKey } from '../token-factory';
import { startOpaStandIn, type OpaStandIn } from './opa-stand-in';
import { startVerifiedPermissionsStandIn, type VerifiedPermissionsStandIn } from './verified-permissions-stand-in';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** The code block after `<!-- example: NAME -->` in a markdown page (`page` names it in the error). */
export function markdownExample(markdown: string, page: string, name: string): string {
  const match = new RegExp(`<!-- example: ${name.replace(/\./g, '\\.')} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(markdown);
  if (!match) throw new Error(`${page} has no example "${name}"`);
  return match[1];
}

const PACKAGE_PATHS: Record<string, string> = {
  'cdk-phantom-token/validator/verified-permissions': join(ROOT, 'lambda', 'validator', 'verified-permissions'),
  'cdk-phantom-token/validator/cedar': join(ROOT, 'lambda', 'validator', 'cedar'),
  'cdk-phantom-token/validator': join(ROOT, 'lambda', 'validator'),
  'cdk-phantom-token/local': join(ROOT, 'local'),
  'cdk-phantom-token': join(ROOT, 'lib'),
};

/** The example's imports of the package, pointed at this checkout's sources. */
export function pointImportsAtSource(source: string): string {
  for (const [from, to] of Object.entries(PACKAGE_PATHS)) source = source.replaceAll(`'${from}'`, JSON.stringify(to));
  return source;
}

export interface PolicyEngineWorld {
  readonly key: TestKey;
  readonly jwks: JwksServer;
  readonly avp: VerifiedPermissionsStandIn;
  readonly opa: OpaStandIn;
  /** A GET through the handler with a fresh phantom JWT (extra claims given); its status and error code. */
  call(handler: ProxyHandler, path: string, pathParameters: Record<string, string>, resource: string, claims?: Record<string, unknown>): Promise<{ status: number; code?: string }>;
  /** `GET /invoices/{id}`. */
  invoice(handler: ProxyHandler, id: string, claims?: Record<string, unknown>): Promise<{ status: number; code?: string }>;
  /** Stops the servers and gives back the environment as it was. */
  stop(): Promise<void>;
}

export async function startPolicyEngineWorld(): Promise<PolicyEngineWorld> {
  const savedEnv = { ...process.env };
  const key = await makeKey('ES256');
  const jwks = await startJwksServer(jwksOf(key));
  const { policies } = cedarPolicySet([{ file: INVOICE_POLICY_FILE, text: readFileSync(INVOICE_POLICY_FILE, 'utf8') }]);
  const avp = await startVerifiedPermissionsStandIn(policies);
  // Mirrors the examples' invoices.rego.
  const opa = await startOpaStandIn({
    'invoices/authz/allow': (input) => {
      const { action, context, principal, resource } = input as { action: { id: string }; context: { scopes: string[] }; principal: { attributes: Record<string, unknown> }; resource: { attributes: Record<string, unknown> } };
      return action.id === 'GET /invoices/{id}' && context.scopes.includes('invoice_read') && principal.attributes.subscriber_id !== undefined && principal.attributes.subscriber_id === resource.attributes.subscriberId;
    },
  });
  Object.assign(process.env, validatorConfigToEnv({ issuer: ISSUER, audience: AUDIENCE, jwksUri: jwks.url, localMode: true, logLevel: 'error' }), {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDSTANDIN',
    AWS_SECRET_ACCESS_KEY: 'stand-in',
    AWS_ENDPOINT_URL_VERIFIEDPERMISSIONS: avp.url,
    POLICY_STORE_ID: 'PSEXAMPLEabcdefg111111',
    OPA_URL: opa.url,
  });
  const call: PolicyEngineWorld['call'] = async (handler, path, pathParameters, resource, claims = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await mint(key, { claims: phantomClaims({ iat: now, exp: now + 60, ...claims }) });
    const response = await handler(restEvent(jwt, { resource, path, httpMethod: 'GET', pathParameters }));
    return { status: response.statusCode, code: response.statusCode === 200 ? undefined : JSON.parse(response.body).code };
  };
  return {
    key,
    jwks,
    avp,
    opa,
    call,
    invoice: (handler, id, claims = {}) => call(handler, `/invoices/${id}`, { id }, '/invoices/{id}', claims),
    async stop() {
      process.env = savedEnv;
      await Promise.all([jwks.stop(), avp.stop(), opa.stop()]);
    },
  };
}
