// The benchmarks' targets, judged against the measured values. A figure that could not be measured is
// "not measured", never "met".

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
  { key: 'authorizer.miss.ratioToRawCallsWithLookup', comparison: '<=', limit: 1.15 },
  { key: 'authorizer.modes.<mode>.ratioToRawCallsWithLookup', comparison: '<=', limit: 1.15 },
  { key: 'authorizer.singleFlight.asCalls', comparison: '==', limit: 1 },
  { key: 'authorizer.dpopHit.ratioToRawVerify', comparison: '<=', limit: 1.6 },
  { key: 'validator.firstVerify.ES256.ratioToRawCrypto', comparison: '<=', limit: 2.5 },
  { key: 'validator.firstVerify.RS256.ratioToRawCrypto', comparison: '<=', limit: 2.5 },
  { key: 'validator.firstVerify.EdDSA.ratioToRawCrypto', comparison: '<=', limit: 2.5 },
  { key: 'validator.zipf.ratioToAwsJwtVerify', comparison: '>=', limit: 3 },
  { key: 'coldStart.authorizer.ratioToService', comparison: '<=', limit: 3 },
  { key: 'coldStart.<service>.ratioToAwsJwtVerifyService', comparison: '<=', limit: 1 },
  { key: 'e2e.local.ratioToUnauthenticated', comparison: '<=', limit: 1.5 },
  { key: 'fleet.modelError', comparison: '<=', limit: 0.2 },
  { key: 'validator.cedar.p50us', comparison: '<=', limit: 50 },
  { key: 'e2e.localHttp.ratioToUnauthenticated', comparison: '<=', limit: 1.5 },
];

/** Reads a dotted path out of nested objects. */
export function valueAt(results: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), results);
}

/** Names a placeholder stands for: `<service>` every handler but the authorizer; the others every name under their group. */
const PLACEHOLDERS: Record<string, (name: string) => boolean> = {
  '<handler>': (name) => name !== 'conditions',
  '<service>': (name) => name !== 'conditions' && name !== 'authorizer',
  '<mode>': (name) => name !== 'conditions',
};

/** `coldStart.<service>.x` expands to one target per service found under `coldStart`, `authorizer.modes.<mode>.x` per mode. */
export function expandTargets(results: unknown, targets: readonly Target[] = TARGETS): Target[] {
  return targets.flatMap((target) => {
    const parts = target.key.split('.');
    const at = parts.findIndex((part) => part in PLACEHOLDERS);
    if (at < 0) return [target];
    const group = valueAt(results, parts.slice(0, at).join('.'));
    const names = group && typeof group === 'object' ? Object.keys(group).filter(PLACEHOLDERS[parts[at]]) : [];
    if (names.length === 0) return [target];
    return names.map((name) => ({ ...target, key: [...parts.slice(0, at), name, ...parts.slice(at + 1)].join('.') }));
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
