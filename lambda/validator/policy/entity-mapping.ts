// The authorization model every engine is given, built the same way for all of them (Cedar in-process,
// Verified Permissions, OPA), so one policy set means the same thing everywhere:
//   principal  `User::"<sub>"`, or `Client::"<client_id>"` when the token has no `sub`; its attributes
//              are the verified claims
//   action     `Action::"<METHOD> <route template>"`, e.g. `Action::"GET /invoices/{id}"`
//   resource   `<resourceType>::"<request path>"` (`Resource` unless the endpoint names a type); its
//              attributes are the loaded resource's fields plus `pathParameters`
//   context    `scopes` (the granted scopes), `method`, `path`, `route`, `query`
// Values are kept only where Cedar can hold them: strings, booleans, safe integers, lists (sets) and
// objects (records). null, fractions and keys starting with `__` (Cedar's JSON escapes, which would turn a
// claim into an entity reference) are left out. Headers and the body are never included.
import { AccessDeniedError } from '../../shared/errors';
import type { JwtClaims } from '../claims';
import type { PolicyRequest } from './policy-decision';

export type ModelValue = string | number | boolean | readonly ModelValue[] | { readonly [key: string]: ModelValue };
export type ModelRecord = Readonly<Record<string, ModelValue>>;

export interface EntityRef {
  readonly type: string;
  readonly id: string;
}

export interface ModelEntity extends EntityRef {
  readonly attributes: ModelRecord;
}

export interface AuthorizationModel {
  readonly principal: ModelEntity;
  readonly action: EntityRef;
  readonly resource: ModelEntity;
  readonly context: ModelRecord;
}

export interface EntityMappingOptions<TResource = unknown> {
  /** Prefixes every type: `Invoices` gives `Invoices::User`, `Invoices::Action`. @default - no namespace */
  readonly namespace?: string;
  /** The resource's entity type. @default 'Resource' */
  readonly resourceType?: string;
  /** The loaded resource's attributes. @default - its own enumerable fields, when it is an object */
  readonly resourceAttributes?: (resource: TResource) => Record<string, unknown>;
}

const MAX_DEPTH = 8;

/** A JSON value as Cedar can hold it, or undefined where it cannot. */
export function modelValue(value: unknown, depth = 0): ModelValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (depth >= MAX_DEPTH || typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    return value.map((item) => modelValue(item, depth + 1)).filter((item): item is ModelValue => item !== undefined);
  }
  return modelRecord(value as Record<string, unknown>, depth + 1);
}

export function modelRecord(source: Readonly<Record<string, unknown>>, depth = 0): Record<string, ModelValue> {
  const record: Record<string, ModelValue> = {};
  for (const [key, raw] of Object.entries(source)) {
    if (key.startsWith('__')) continue;
    const value = modelValue(raw, depth);
    if (value !== undefined) record[key] = value;
  }
  return record;
}

function typeName(namespace: string | undefined, name: string): string {
  return namespace && !name.includes('::') ? `${namespace}::${name}` : name;
}

function principalOf(claims: JwtClaims, namespace: string | undefined): ModelEntity {
  const attributes = modelRecord(claims);
  if (typeof claims.sub === 'string' && claims.sub.length > 0) return { type: typeName(namespace, 'User'), id: claims.sub, attributes };
  if (typeof claims.client_id === 'string' && claims.client_id.length > 0) return { type: typeName(namespace, 'Client'), id: claims.client_id, attributes };
  throw new AccessDeniedError('ERR_POLICY_DENIED', 'the token names no principal (neither sub nor client_id)');
}

function loadedAttributes<TResource>(resource: TResource | undefined, options: EntityMappingOptions<TResource>): Record<string, unknown> {
  if (resource === undefined) return {};
  if (options.resourceAttributes) return options.resourceAttributes(resource);
  return typeof resource === 'object' && resource !== null && !Array.isArray(resource) ? (resource as Record<string, unknown>) : {};
}

export function authorizationModel<TClaims extends JwtClaims, TResource>(
  input: PolicyRequest<TClaims, TResource>,
  options: EntityMappingOptions<TResource> = {},
): AuthorizationModel {
  const { request, route } = input;
  return {
    principal: principalOf(input.claims, options.namespace),
    action: { type: typeName(options.namespace, 'Action'), id: `${route.method} ${route.template}` },
    resource: {
      type: typeName(options.namespace, options.resourceType ?? 'Resource'),
      id: request.path,
      // Path parameters come last: a loaded field cannot pose as one, and `pathParameters` is reserved.
      attributes: { ...modelRecord(loadedAttributes(input.resource, options)), pathParameters: { ...request.pathParameters } },
    },
    context: {
      scopes: [...input.jwt.scopes],
      method: request.method,
      path: request.path,
      route: route.template,
      query: { ...request.queryParameters },
    },
  };
}
