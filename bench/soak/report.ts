// soak.json and the table `npm run soak` prints. The keys the issue names come first; the rest says
// under which conditions the figures were taken and where any offending answers came from.
import type { DpopLaneReport } from './dpop-lane';
import { cpus, loadavg } from 'node:os';
import type { DecisionCounts } from './decision-watch';
import type { Revocation } from './fault-injector';
import type { MemoryFigures } from './memory';
import type { SoakOptions } from './options';
import { AS_FAULT_KINDS, type AsFaultKind, type FaultKind, type FaultWindow, type SoakSchedule } from './schedule';
import type { SoakTally } from './tally';
import { revocationLaneSummary, type RevocationSample } from './revocation-lane';

export interface SoakReport extends MemoryFigures {
  readonly requests: number;
  readonly byStatus: Record<string, number>;
  readonly wrongAllows: number;
  readonly wrongRefusals: number;
  readonly unexpected5xx: number;
  /** Requests that got no answer at all. */
  readonly lost: number;
  /** Refused as expected but with another status, or a success with an unexpected one. */
  readonly mismatches: number;
  /** Fault -> seconds from its end until a fresh (uncached) good request succeeded again; null if none did. */
  readonly recoverySeconds: Record<FaultKind, number | null>;
  readonly recoveryTargetSeconds: number;
  /** Fault -> seconds from its end until the start of the last good request that was refused (0 when none). */
  readonly lastGoodRefusalAfterFaultSeconds: Record<FaultKind, number>;
  /**
   * AS fault -> the designed 503s (with Retry-After) for requests that began after the fault ended, within
   * the recovery allowance: allowed, so in none of the zero-tolerance counts, but counted here by request
   * kind, with how long after the fault's end the latest one began (null when there was none).
   */
  readonly refusedDuringRecovery: Record<AsFaultKind, { requests: number; byKind: Record<string, number>; latestSecondsAfterEnd: number | null }>;
  readonly durationSeconds: number;
  readonly rps: number;
  readonly byVerdict: Record<string, number>;
  readonly byKind: SoakTally['byKind'];
  readonly faults: ReadonlyArray<Record<string, unknown>>;
  readonly revocation: Record<string, unknown>;
  /** `asCalls`: introspection and token-exchange requests the AS received during the load (not the ones refused while it was down). */
  readonly authorizer: DecisionCounts & { errorSamples: readonly string[]; asCalls?: number };
  readonly timeline: SoakTally['timeline'];
  readonly offendingSamples: SoakTally['samples'];
  readonly config: Record<string, unknown>;
  /** The DPoP lane (dpop-lane.ts), when it ran: its own zero-tolerance counts. */
  readonly dpop?: DpopLaneReport;
  readonly generatedAt: string;
}

export interface ReportInputs {
  readonly options: SoakOptions;
  readonly schedule: SoakSchedule;
  readonly windows: readonly FaultWindow[];
  readonly revocation: Revocation;
  readonly revocationBoundMs: number;
  /** The revocation lane's revocations by token, `sub` and `client_id` (revocation-lane.ts). */
  readonly revocationSamples?: readonly RevocationSample[];
  readonly tally: SoakTally;
  readonly memory: MemoryFigures;
  readonly decisions: DecisionCounts & { errorSamples: readonly string[] };
  /** Requests the AS received from the authorizer during the load. */
  readonly asCalls?: number;
  readonly elapsedMs: number;
}

const seconds = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms) / 1000);

export function buildSoakReport(inputs: ReportInputs): SoakReport {
  const { options, tally } = inputs;
  const verdict = (name: string) => tally.byVerdict[name] ?? 0;
  const recovery = tally.recoverySeconds();
  const byFault = <T>(pick: (entry: (typeof recovery)[number]) => T) =>
    Object.fromEntries(recovery.map((entry) => [entry.kind, pick(entry)])) as Record<FaultKind, T>;
  const round3 = (value: number) => Math.round(value * 1000) / 1000;
  return {
    requests: tally.requests,
    byStatus: tally.byStatus,
    wrongAllows: verdict('wrong-allow'),
    wrongRefusals: verdict('wrong-refusal'),
    unexpected5xx: verdict('unexpected-5xx'),
    lost: verdict('lost'),
    mismatches: verdict('mismatch'),
    ...inputs.memory,
    recoverySeconds: byFault((entry) => (entry.seconds === undefined ? null : round3(entry.seconds))),
    recoveryTargetSeconds: options.recoveryMs / 1000,
    lastGoodRefusalAfterFaultSeconds: byFault((entry) => round3(Math.max(0, entry.lastRefusalSeconds))),
    refusedDuringRecovery: recoveryRefusals(tally),
    durationSeconds: round3(inputs.elapsedMs / 1000),
    rps: Math.round(tally.requests / (inputs.elapsedMs / 1000)),
    byVerdict: tally.byVerdict,
    byKind: tally.byKind,
    faults: inputs.windows.map((window) => ({
      kind: window.kind,
      startSeconds: seconds(window.startMs),
      endSeconds: seconds(window.endMs),
      ...(tally.perFault.get(window.kind) ?? {}),
    })),
    revocation: {
      revokedAtSeconds: seconds(inputs.revocation.doneMs),
      boundSeconds: seconds(inputs.revocationBoundMs),
      allowedAfterRevocation: tally.revoked.allowedAfterRevocation,
      lastAllowedAfterRevocationSeconds: seconds(tally.revoked.lastAllowedAfterRevocationMs),
      refusedAfterRevocation: tally.revoked.refusedAfterRevocation,
      ...revocationLaneSummary(inputs.revocationSamples ?? []),
    },
    authorizer: { ...inputs.decisions, ...(inputs.asCalls === undefined ? {} : { asCalls: inputs.asCalls }) },
    timeline: tally.timeline,
    offendingSamples: tally.samples,
    config: {
      ...options,
      schedule: inputs.schedule,
      node: process.version,
      cpus: cpus().length,
      loadAverageAtEnd: loadavg().map((value) => Math.round(value * 10) / 10),
    },
    generatedAt: new Date().toISOString(),
  };
}

function recoveryRefusals(tally: SoakTally): SoakReport['refusedDuringRecovery'] {
  const entry = (kind: AsFaultKind) => {
    const refusals = tally.refusedDuringRecovery.get(kind);
    return { requests: refusals?.requests ?? 0, byKind: refusals?.byKind ?? {}, latestSecondsAfterEnd: seconds(refusals?.latestMsAfterEnd) };
  };
  return { 'as-down': entry('as-down'), 'as-slow': entry('as-slow') };
}

function recoveryRefusalsText(report: SoakReport): string {
  const perFault = AS_FAULT_KINDS.map((kind) => {
    const { requests, byKind, latestSecondsAfterEnd } = report.refusedDuringRecovery[kind];
    if (requests === 0) return `${kind} 0`;
    const kinds = Object.entries(byKind).map(([name, count]) => `${name} ${count}`).join(', ');
    return `${kind} ${requests} (${kinds}; latest ${latestSecondsAfterEnd} s after its end)`;
  });
  return `${perFault.join(', ')}; allowed by the ${report.recoveryTargetSeconds} s recovery allowance, in none of the counts above`;
}

function dpopRow(dpop: DpopLaneReport): [string, string] {
  return ['DPoP lane', `${dpop.requests} requests (${Object.entries(dpop.byKind).map(([kind, count]) => `${kind} ${count}`).join(', ')}); wrong allows ${dpop.wrongAllows}, wrong refusals ${dpop.wrongRefusals}, 5xx ${dpop.unexpected5xx}, lost ${dpop.lost}`];
}

export function formatSoakTable(report: SoakReport): string {
  const rows: Array<[string, string]> = [
    ['requests', `${report.requests} in ${report.durationSeconds} s (${report.rps} rps)`],
    ['by status', Object.entries(report.byStatus).map(([status, count]) => `${status}: ${count}`).join(', ')],
    ['wrong allows', String(report.wrongAllows)],
    ['wrong refusals', String(report.wrongRefusals)],
    ['unexpected 5xx', String(report.unexpected5xx)],
    ['lost (no answer)', String(report.lost)],
    ['status mismatches', String(report.mismatches)],
    ...report.faults.map((fault): [string, string] => {
      const kind = fault.kind as FaultKind;
      return [
        `fault ${kind}`,
        `${fault.startSeconds}-${fault.endSeconds} s, recovery ${report.recoverySeconds[kind] ?? 'never'} s (target ${report.recoveryTargetSeconds} s), ` +
          `good served ${fault.goodServed ?? 0} (known cached ${fault.cachedGoodServed ?? 0}), good refused as designed ${fault.goodRefusedAsDesigned ?? 0}, ` +
          `fresh refused as designed ${fault.freshRefusedAsDesigned ?? 0}, fresh served ${fault.freshServed ?? 0}`,
      ];
    }),
    ['503 in recovery', recoveryRefusalsText(report)],
    ['revocation', `at ${report.revocation.revokedAtSeconds} s, bound ${report.revocation.boundSeconds} s; allowed after it ${report.revocation.allowedAfterRevocation} (last ${report.revocation.lastAllowedAfterRevocationSeconds ?? '-'} s after), refused ${report.revocation.refusedAfterRevocation}`],
    ['revocation lane', revocationLaneText(report.revocation)],
    ['RSS MB', `start ${report.rssStartMb}, end ${report.rssEndMb}, peak ${report.rssPeakMb}; heap after GC ${report.heapAfterGcStartMb} -> ${report.heapAfterGcEndMb}`],
    ['RSS every 5 s', report.rssTimelineMb.join(' ')],
    ...(report.dpop ? [dpopRow(report.dpop)] : []),
    ['authorizer', `${report.authorizer.errors} errors, ${report.authorizer.unavailable} AS-unavailable, ${report.authorizer.dynamoDbErrors} DynamoDB errors; tiers ${JSON.stringify(report.authorizer.byTier)}`],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  const lines = rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`);
  const kinds = Object.entries(report.byKind).map(
    ([kind, entry]) => `  ${kind.padEnd(18)} ${String(entry.requests).padStart(7)}  ${Object.entries(entry.byStatus).map(([status, count]) => `${status}:${count}`).join(' ')}  ${Object.entries(entry.byVerdict).map(([name, count]) => `${name}:${count}`).join(' ')}`,
  );
  const offending = report.offendingSamples.slice(0, 10).map(
    (sample) => `  ${sample.verdict} ${sample.kind} ${sample.method} ${sample.path} -> ${sample.status ?? sample.failure} at ${(sample.startMs / 1000).toFixed(2)}-${(sample.endMs / 1000).toFixed(2)} s [${sample.faults.join(',')}]`,
  );
  return [...lines, 'by kind:', ...kinds, ...(offending.length ? ['offending (first 10):', ...offending] : [])].join('\n');
}

function revocationLaneText(revocation: Record<string, unknown>): string {
  const lane = revocation as Partial<ReturnType<typeof revocationLaneSummary>>;
  if (!lane.revocations) return 'none (no quiet window long enough)';
  const byKind = Object.entries(lane.byKind ?? {}).filter(([, kind]) => kind.revocations > 0).map(([name, kind]) => `${name} ${kind.revocations}`);
  return `${lane.revocations} revocations (${byKind.join(', ')}), p95 to first refusal ${lane.p95Seconds ?? '-'} s (target ${lane.targetSeconds} s), ` +
    `never refused ${lane.neverRefused}, allowed after first refusal ${lane.allowsAfterFirstRefusal}; first refusal tiers ${JSON.stringify(lane.firstRefusalTiers)}`;
}
