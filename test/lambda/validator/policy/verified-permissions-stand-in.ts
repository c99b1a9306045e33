// MOCK of Amazon Verified Permissions (no AWS here): an in-process HTTP stand-in on loopback for the
// IsAuthorized operation, speaking the AWS JSON 1.0 protocol the SDK client uses (POST /, header
// `x-amz-target: VerifiedPermissions.IsAuthorized`). It decides by turning AVP's typed values back into
// Cedar JSON and evaluating the given policies with Cedar in-process, so agreeing answers prove that the
// IsAuthorized request carries the same principal, action, resource, entities and context.
import { serveLoopback } from '../loopback-server';
import type { AttributeValue, IsAuthorizedCommandInput } from '@aws-sdk/client-verifiedpermissions';
import { cedarModule } from '../../../../lambda/validator/policy/cedar-module';

type CedarJson = string | number | boolean | CedarJson[] | { [key: string]: CedarJson };

function cedarValue(value: AttributeValue): CedarJson {
  const member = value as unknown as Record<string, unknown>;
  if ('string' in member) return member.string as string;
  if ('long' in member) return member.long as number;
  if ('boolean' in member) return member.boolean as boolean;
  if ('set' in member) return (member.set as AttributeValue[]).map(cedarValue);
  if ('record' in member) return cedarRecord(member.record as Record<string, AttributeValue>);
  throw new Error(`the stand-in does not know the value ${JSON.stringify(value)}`);
}

function cedarRecord(record: Record<string, AttributeValue> = {}): Record<string, CedarJson> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, cedarValue(value)]));
}

export interface VerifiedPermissionsStandIn {
  readonly url: string;
  readonly requests: IsAuthorizedCommandInput[];
  /** What the next requests get instead of a decision: a delay, an HTTP error, or garbage. */
  fault?: { readonly delayMs?: number; readonly status?: number; readonly body?: string };
  stop(): Promise<void>;
}

export async function startVerifiedPermissionsStandIn(policies: Record<string, string>): Promise<VerifiedPermissionsStandIn> {
  const cedar = cedarModule();
  const standIn: VerifiedPermissionsStandIn = { url: '', requests: [], stop: async () => undefined };
  const loopback = await serveLoopback((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const answer = (status: number, body: string) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(body);
      };
      if (request.headers['x-amz-target'] !== 'VerifiedPermissions.IsAuthorized') return answer(400, JSON.stringify({ __type: 'UnknownOperationException' }));
      const input = JSON.parse(text) as IsAuthorizedCommandInput;
      standIn.requests.push(input);
      const fault = standIn.fault;
      if (fault?.status !== undefined) return answer(fault.status, fault.body ?? JSON.stringify({ __type: 'InternalServerException', message: 'stand-in fault' }));
      if (fault?.body !== undefined) return answer(200, fault.body);
      const result = cedar.isAuthorized({
        principal: { type: input.principal!.entityType!, id: input.principal!.entityId! },
        action: { type: input.action!.actionType!, id: input.action!.actionId! },
        resource: { type: input.resource!.entityType!, id: input.resource!.entityId! },
        context: cedarRecord(input.context && 'contextMap' in input.context ? input.context.contextMap : {}),
        entities: (input.entities && 'entityList' in input.entities ? input.entities.entityList ?? [] : []).map((entity) => ({
          uid: { type: entity.identifier!.entityType!, id: entity.identifier!.entityId! },
          attrs: cedarRecord(entity.attributes),
          parents: [],
        })),
        policies: { staticPolicies: policies },
      });
      if (result.type === 'failure') return answer(400, JSON.stringify({ __type: 'ValidationException', message: result.errors[0]?.message }));
      const body = JSON.stringify({
        decision: result.response.decision === 'allow' ? 'ALLOW' : 'DENY',
        determiningPolicies: result.response.diagnostics.reason.map((policyId) => ({ policyId })),
        errors: result.response.diagnostics.errors.map(({ error }) => ({ errorDescription: error.message })),
      });
      if (fault?.delayMs) setTimeout(() => answer(200, body), fault.delayMs);
      else answer(200, body);
    });
  });
  // The loopback server's own URL names a path; the stand-in is addressed by its origin.
  return Object.assign(standIn, { url: new URL(loopback.url).origin, stop: loopback.stop });
}
