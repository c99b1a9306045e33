// Counts every answer as it is judged: totals by status, kind and verdict, per-fault tallies, recovery
// after each fault and the refusals its allowance let through, a per-second timeline and the first few offending requests. Memory stays bounded:
// nothing per request is kept beyond the samples.
import type { LocalApiKind } from '../../local/gateway/http-api-gateway';
import { isAcceptable, isDesignedAsFaultAnswer, type Verdict } from './judge';
import type { FaultKind, FaultWindow } from './schedule';
import type { RequestKind } from './traffic';

export interface JudgedRequest {
  readonly kind: RequestKind;
  readonly method: string;
  readonly path: string;
  readonly verdict: Verdict;
  readonly startMs: number;
  readonly endMs: number;
  readonly status?: number;
  readonly retryAfter?: string;
  readonly failure?: string;
  readonly knownCached: boolean;
  /** The fault windows the request overlapped (while the fault lasted; the recovery allowance not included). */
  readonly faults: readonly FaultKind[];
  /** Set when it overlapped no AS fault but began within the recovery allowance after one ended. */
  readonly recoveringFrom?: { readonly kind: FaultKind; readonly msAfterEnd: number };
}

type Counter = Record<string, number>;

export interface FaultTally {
  requests: number;
  byStatus: Counter;
  byVerdict: Counter;
  /** Good requests (warm tokens) answered 2xx while the fault lasted. */
  goodServed: number;
  /** Of those, the ones whose token the cache model knew was in tier 1. */
  cachedGoodServed: number;
  /** Good requests refused with the designed answer (isDesignedAsFaultAnswer: 503 + Retry-After, an HTTP API's 500). */
  goodRefusedAsDesigned: number;
  /** Fresh (uncached) probes refused with the designed answer. */
  freshRefusedAsDesigned: number;
  freshServed: number;
}

/** The designed 503s answered within the recovery allowance after one AS fault (verdict `refused-during-recovery`). */
export interface RecoveryRefusals {
  requests: number;
  byKind: Counter;
  /** The latest such request's start, after the fault's end. */
  latestMsAfterEnd: number;
}

interface Recovery {
  /** End of the first fresh probe that started after the fault ended and succeeded. */
  firstProbeSuccessMs?: number;
  /** Start of the latest refused good or fresh request that started after the fault ended (and before the next fault). */
  lastGoodRefusalMs?: number;
}

const MAX_SAMPLES = 25;
const add = (counter: Counter, key: string | number) => {
  counter[key] = (counter[key] ?? 0) + 1;
};

export class SoakTally {
  requests = 0;
  readonly byStatus: Counter = {};
  readonly byVerdict: Counter = {};
  readonly byKind: Record<string, { requests: number; byStatus: Counter; byVerdict: Counter }> = {};
  readonly perFault = new Map<FaultKind, FaultTally>();
  readonly revoked = { allowedAfterRevocation: 0, lastAllowedAfterRevocationMs: undefined as number | undefined, refusedAfterRevocation: 0 };
  readonly samples: JudgedRequest[] = [];
  readonly refusedDuringRecovery = new Map<FaultKind, RecoveryRefusals>();
  private readonly recovery = new Map<FaultWindow, Recovery>();
  /** Per second of load; `tolerated` includes the refusals within a recovery allowance. */
  readonly timeline: Array<{ requests: number; ok: number; tolerated: number; offending: number }> = [];

  constructor(
    private readonly windows: readonly FaultWindow[],
    private readonly timelineSeconds: number,
    /** The lane: what an AS fault's designed refusal looks like depends on the API kind. @default 'rest' */
    private readonly api?: LocalApiKind,
  ) {}

  record(judged: JudgedRequest, revokedAtMs?: number): void {
    this.requests += 1;
    const statusKey = judged.status ?? `no answer (${judged.failure ?? '?'})`;
    add(this.byStatus, statusKey);
    add(this.byVerdict, judged.verdict);
    const kind = (this.byKind[judged.kind] ??= { requests: 0, byStatus: {}, byVerdict: {} });
    kind.requests += 1;
    add(kind.byStatus, statusKey);
    add(kind.byVerdict, judged.verdict);
    const offending = !isAcceptable(judged.verdict);
    if (offending && this.samples.length < MAX_SAMPLES) this.samples.push(judged);
    this.countFaults(judged, statusKey);
    this.countRecoveryRefusal(judged);
    this.countRecovery(judged);
    this.countRevoked(judged, revokedAtMs);
    const second = Math.floor(judged.startMs / 1000);
    if (second >= 0 && second < this.timelineSeconds) {
      while (this.timeline.length <= second) this.timeline.push({ requests: 0, ok: 0, tolerated: 0, offending: 0 });
      const slot = this.timeline[second];
      slot.requests += 1;
      if (judged.verdict === 'ok') slot.ok += 1;
      else if (!offending) slot.tolerated += 1;
      else slot.offending += 1;
    }
  }

  /** Seconds from each fault's end until good traffic succeeded again, and until the last refused good request began. */
  recoverySeconds(): Array<{ kind: FaultKind; seconds?: number; lastRefusalSeconds: number }> {
    return this.windows.map((window) => {
      const recovery = this.recovery.get(window) ?? {};
      const end = window.endMs ?? NaN;
      const seconds = recovery.firstProbeSuccessMs === undefined ? undefined : (recovery.firstProbeSuccessMs - end) / 1000;
      const lastRefusalSeconds = recovery.lastGoodRefusalMs === undefined ? 0 : (recovery.lastGoodRefusalMs - end) / 1000;
      return { kind: window.kind, seconds, lastRefusalSeconds };
    });
  }

  private countFaults(judged: JudgedRequest, statusKey: string | number): void {
    for (const fault of judged.faults) {
      let tally = this.perFault.get(fault);
      if (!tally) {
        tally = { requests: 0, byStatus: {}, byVerdict: {}, goodServed: 0, cachedGoodServed: 0, goodRefusedAsDesigned: 0, freshRefusedAsDesigned: 0, freshServed: 0 };
        this.perFault.set(fault, tally);
      }
      tally.requests += 1;
      add(tally.byStatus, statusKey);
      add(tally.byVerdict, judged.verdict);
      const served = judged.status !== undefined && judged.status < 300;
      const refusedAsDesigned = judged.status !== undefined && isDesignedAsFaultAnswer(judged, this.api);
      if (judged.kind === 'good' && served) {
        tally.goodServed += 1;
        if (judged.knownCached) tally.cachedGoodServed += 1;
      }
      if (judged.kind === 'good' && refusedAsDesigned) tally.goodRefusedAsDesigned += 1;
      if (judged.kind === 'fresh' && served) tally.freshServed += 1;
      if (judged.kind === 'fresh' && refusedAsDesigned) tally.freshRefusedAsDesigned += 1;
    }
  }

  private countRecoveryRefusal(judged: JudgedRequest): void {
    if (judged.verdict !== 'refused-during-recovery' || !judged.recoveringFrom) return;
    const { kind, msAfterEnd } = judged.recoveringFrom;
    const refusals = this.refusedDuringRecovery.get(kind) ?? { requests: 0, byKind: {}, latestMsAfterEnd: 0 };
    this.refusedDuringRecovery.set(kind, refusals);
    refusals.requests += 1;
    add(refusals.byKind, judged.kind);
    refusals.latestMsAfterEnd = Math.max(refusals.latestMsAfterEnd, msAfterEnd);
  }

  private countRecovery(judged: JudgedRequest): void {
    if (judged.kind !== 'good' && judged.kind !== 'fresh') return;
    const served = judged.status !== undefined && judged.status < 300;
    // A request that met another fault is that fault's, not this one's recovery.
    if (!served && judged.faults.length > 0) return;
    for (const window of this.windows) {
      if (window.endMs === undefined || judged.startMs < window.endMs) continue;
      const recovery = this.recovery.get(window) ?? {};
      this.recovery.set(window, recovery);
      if (served && judged.kind === 'fresh') recovery.firstProbeSuccessMs = Math.min(recovery.firstProbeSuccessMs ?? Infinity, judged.endMs);
      if (!served && judged.startMs < (this.nextStart(window) ?? Infinity)) recovery.lastGoodRefusalMs = Math.max(recovery.lastGoodRefusalMs ?? -Infinity, judged.startMs);
    }
  }

  private nextStart(window: FaultWindow): number | undefined {
    return this.windows.find((other) => other.startMs > window.startMs)?.startMs;
  }

  private countRevoked(judged: JudgedRequest, revokedAtMs?: number): void {
    if (judged.kind !== 'revoked' || revokedAtMs === undefined || judged.startMs < revokedAtMs) return;
    const served = judged.status !== undefined && judged.status < 300;
    if (served) {
      this.revoked.allowedAfterRevocation += 1;
      this.revoked.lastAllowedAfterRevocationMs = Math.max(this.revoked.lastAllowedAfterRevocationMs ?? 0, judged.startMs - revokedAtMs);
    } else if (judged.verdict === 'ok') {
      this.revoked.refusedAfterRevocation += 1;
    }
  }
}
