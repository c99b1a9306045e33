// The targets (issue 6), judged against the measured values. A figure that could not be measured
// is "not measured", never "met".

export interface Target {
  readonly key: string;
  readonly comparison: '<=' | '>=' | '==';
  readonly limit: number;
}

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetVerdict extends Target {
  readonly value: number | null;
  readonly status: TargetStatus;
}

export const TARGETS: readonly Target[] = [
  { key: 'authorizer.l1Hit.p50us', comparison: '<=', limit: 15 },
  { key: 'authorizer.l2Hit.ratioToRawGetItem', comparison: '<=', limit: 1.3 },
  { key: 'authorizer.miss.ratioToRawCalls', comparison: '<=', limit: 1.3 },
  { key: 'authorizer.singleFlight.asCalls', comparison: '==', limit: 1 },
  { key: 'validator.firstVerify.ES256.ratioToRawCrypto', comparison: '<=', limit: 2.5 },
  { key: 'validator.firstVerify.RS256.ratioToRawCrypto', comparison: '<=', limit: 2.5 },
  { key: 'validator.firstVerify.EdDSA.ratioToRawCrypto', comparison: '<=', limit: 2.5 },
  { key: 'validator.zipf.ratioToAwsJwtVerify', comparison: '>=', limit: 3 },
  { key: 'coldStart.<handler>.ratioToBaseline', comparison: '<=', limit: 1.15 },
  { key: 'e2e.local.ratioToUnauthenticated', comparison: '<=', limit: 1.5 },
  { key: 'e2e.localHttp.ratioToUnauthenticated', comparison: '<=', limit: 1.5 },
];

/** Reads a dotted path out of nested objects. */
export function valueAt(results: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), results);
}

/** `coldStart.<handler>.x` expands to one target per handler found under `coldStart`. */
export function expandTargets(results: unknown, targets: readonly Target[] = TARGETS): Target[] {
  return targets.flatMap((target) => {
    const [head, placeholder, ...rest] = target.key.split('.');
    if (placeholder !== '<handler>') return [target];
    const group = valueAt(results, head);
    const names = group && typeof group === 'object' ? Object.keys(group).filter((name) => name !== 'conditions') : [];
    if (names.length === 0) return [target];
    return names.map((name) => ({ ...target, key: [head, name, ...rest].join('.') }));
  });
}

export function judge(value: unknown, target: Target): TargetVerdict {
  if (typeof value !== 'number' || !Number.isFinite(value)) return { ...target, value: null, status: 'not measured' };
  const met = target.comparison === '<=' ? value <= target.limit : target.comparison === '>=' ? value >= target.limit : value === target.limit;
  return { ...target, value, status: met ? 'met' : 'missed' };
}

export function judgeAll(results: unknown, targets: readonly Target[] = TARGETS): TargetVerdict[] {
  return expandTargets(results, targets).map((target) => judge(valueAt(results, target.key), target));
}
