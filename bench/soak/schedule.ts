// When the faults happen: three windows of equal length spread over the run with equal gaps (the last
// gap doubled, so recovery after the last fault is observed), and the revocation early in the first gap,
// so its cache bound runs out well before the end.
export type FaultKind = 'as-down' | 'dynamodb-down' | 'as-slow';

export const FAULT_KINDS: readonly FaultKind[] = ['as-down', 'dynamodb-down', 'as-slow'];

export interface PlannedFault {
  readonly kind: FaultKind;
  /** From the start of the load. */
  readonly atMs: number;
  readonly forMs: number;
}

export interface SoakSchedule {
  readonly faults: readonly PlannedFault[];
  readonly revokeAtMs: number;
}

export function soakSchedule(durationMs: number, faultMs: number): SoakSchedule {
  const gap = (durationMs - FAULT_KINDS.length * faultMs) / (FAULT_KINDS.length + 2);
  return {
    faults: FAULT_KINDS.map((kind, index) => ({ kind, atMs: Math.round(gap * (index + 1) + faultMs * index), forMs: faultMs })),
    revokeAtMs: Math.round(gap / 2),
  };
}

/** A fault as it really happened (times from the start of the load); `endMs` is unset while it lasts. */
export interface FaultWindow {
  readonly kind: FaultKind;
  readonly startMs: number;
  endMs?: number;
}

/** Which windows a request overlapped, each widened by the recovery allowance after its end. */
export function overlappedFaults(windows: readonly FaultWindow[], startMs: number, endMs: number, recoveryMs: number): FaultWindow[] {
  return windows.filter((window) => window.startMs <= endMs && startMs <= (window.endMs ?? Infinity) + recoveryMs);
}

export type AsFaultKind = 'as-down' | 'as-slow';
export const AS_FAULT_KINDS: readonly AsFaultKind[] = ['as-down', 'as-slow'];
export const isAsFault = (kind: FaultKind): kind is AsFaultKind => kind === 'as-down' || kind === 'as-slow';

/**
 * Where a request stands relative to the AS faults: during one (`during`), or clear of them all but begun
 * within the recovery allowance after one ended (`recoveringFrom`, that fault's window).
 */
export function asFaultPhase(windows: readonly FaultWindow[], startMs: number, endMs: number, recoveryMs: number): { during: boolean; recoveringFrom?: FaultWindow } {
  const asWindows = windows.filter((window) => isAsFault(window.kind));
  if (overlappedFaults(asWindows, startMs, endMs, 0).length > 0) return { during: true };
  return { during: false, recoveringFrom: overlappedFaults(asWindows, startMs, endMs, recoveryMs)[0] };
}
