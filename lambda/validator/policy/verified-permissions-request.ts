// The authorization model (entity-mapping.ts) as an Amazon Verified Permissions IsAuthorized request:
// the same principal, action, resource and context Cedar in-process is given, in AVP's typed values
// (`{ string }`, `{ long }`, `{ boolean }`, `{ set }`, `{ record }`), with the principal and resource sent
// as entities so policies can read their attributes.
import type { AttributeValue, IsAuthorizedCommandInput } from '@aws-sdk/client-verifiedpermissions';
import type { AuthorizationModel, ModelRecord, ModelValue } from './entity-mapping';

export function attributeValue(value: ModelValue): AttributeValue {
  if (typeof value === 'string') return { string: value };
  if (typeof value === 'boolean') return { boolean: value };
  if (typeof value === 'number') return { long: value };
  if (Array.isArray(value)) return { set: value.map(attributeValue) };
  return { record: attributeRecord(value as ModelRecord) };
}

export function attributeRecord(record: ModelRecord): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(record)) result[key] = attributeValue(value);
  return result;
}

export function isAuthorizedInput(policyStoreId: string, model: AuthorizationModel): IsAuthorizedCommandInput {
  const principal = { entityType: model.principal.type, entityId: model.principal.id };
  const resource = { entityType: model.resource.type, entityId: model.resource.id };
  return {
    policyStoreId,
    principal,
    action: { actionType: model.action.type, actionId: model.action.id },
    resource,
    context: { contextMap: attributeRecord(model.context) },
    entities: {
      entityList: [
        { identifier: principal, attributes: attributeRecord(model.principal.attributes) },
        { identifier: resource, attributes: attributeRecord(model.resource.attributes) },
      ],
    },
  };
}
