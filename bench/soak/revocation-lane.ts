// The revocation lane: mid-run, tokens are revoked in turn by token (RFC 7009 at the embedded AS, which
// pushes a SET to the receiver), by `sub` and by `client_id` (the receiver's operator call), and each
// victim is probed until the gateway refuses it, then on until its cycle ends: every allow after the
// first refusal counts. The victims belong to a client the other lanes never use (`service-client`, no
// scopes: before the revocation the gateway allows the token and the route rule answers 403; after it,
// 401), each minted well after the previous revocation, so only its own revocation can refuse it.
import { tokenHash, tokenHashPrefix } from '../../lambda/shared/token-hash';
import type { EmbeddedAs } from '../../local/embedded-as';
import type { LocalRevocationReceiver } from '../../local/revocation';
import { percentileOfSorted } from '../harness/stats';
import type { PlannedFault } from './schedule';

export const REVOCATION_KINDS = ['token', 'sub', 'client_id'] as const;
export type RevocationLaneKind = (typeof REVOCATION_KINDS)[number];

/** The target: p95 of the time from revocation to the first refusal. */
export const REVOCATION_TARGET_SECONDS = 5;
const VICTIM_CLIENT = 'service-client';
const PROBE_PATH = '/invoices';
/** A `sub`/`client_id` revocation refuses tokens issued (whole seconds) at or before it: mint well after. */
const MINT_AFTER_REVOCATION_MS = 1_500;

export interface RevocationSample {
  readonly kind: RevocationLaneKind;
  readonly revokedAtMs: number;
  /** From the revocation call's start to the first 401; undefined when never refused in its cycle. */
  readonly toFirstRefusalMs?: number;
  /** The cache tier the authorizer answered from when it first refused (`memory`, `dynamodb`, ...). */
  readonly firstRefusalTier?: string;
  readonly allowsAfterFirstRefusal: number;
  readonly probes: number;
}

export interface RevocationLaneSettings {
  readonly gatewayUrl: string;
  readonly as: EmbeddedAs;
  readonly receiver: LocalRevocationReceiver;
  readonly clock: () => number;
  readonly probeIntervalMs: number;
}

/** A cycle starts only with this much quiet ahead: warm the victim, revoke, see it refused, hold. */
export const CYCLE_START_BUDGET_MS = 4_500;
/** Probing goes on this long after the first refusal: any allow in it is a failure. */
const HOLD_MS = 1_000;
/** A victim not refused by then is recorded as never refused. */
const MAX_PROBE_MS = 10_000;

export interface QuietWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The stretches of the run with no fault planned: the lane measures revocation, not the outages (a
 * stopped table holds no revocation, a stopped AS revokes nothing), which the other lanes cover.
 */
export function quietWindows(faults: readonly PlannedFault[], durationMs: number, recoveryMs: number): QuietWindow[] {
  const windows: QuietWindow[] = [];
  let from = 0;
  for (const fault of [...faults].sort((a, b) => a.atMs - b.atMs)) {
    const until = fault.atMs - 500;
    if (until > from) windows.push({ startMs: from, endMs: until });
    from = Math.max(from, fault.atMs + fault.forMs + recoveryMs);
  }
  if (durationMs > from) windows.push({ startMs: from, endMs: durationMs });
  return windows;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class RevocationLane {
  private readonly tierByHashPrefix = new Map<string, string>();

  constructor(private readonly settings: RevocationLaneSettings) {}

  /** Fed the decision lines: remembers the tier of each revoked token's first refusal. */
  readonly observe = (line: string): void => {
    if (!line.includes('ERR_TOKEN_REVOKED')) return;
    const record = JSON.parse(line) as { tokenHashPrefix?: string; cacheTier?: string };
    if (record.tokenHashPrefix && !this.tierByHashPrefix.has(record.tokenHashPrefix)) this.tierByHashPrefix.set(record.tokenHashPrefix, record.cacheTier ?? 'unknown');
  };

  /** Revocations by token, `sub` and `client_id` in turn, as many as the quiet windows hold. */
  async run(quiet: readonly QuietWindow[]): Promise<RevocationSample[]> {
    const { clock } = this.settings;
    const samples: RevocationSample[] = [];
    for (const window of quiet) {
      await sleep(window.startMs - clock());
      while (clock() + CYCLE_START_BUDGET_MS <= window.endMs) {
        const token = await this.warmVictim();
        samples.push(await this.revokeAndProbe(REVOCATION_KINDS[samples.length % REVOCATION_KINDS.length], token));
        await sleep(MINT_AFTER_REVOCATION_MS);
      }
    }
    return samples;
  }

  /** A fresh victim, called until every cache tier holds it (the AS, DynamoDB, memory, the gateway's cache). */
  private async warmVictim(): Promise<string> {
    const token = await this.settings.as.getToken(VICTIM_CLIENT);
    for (let call = 0; call < 3; call++) {
      const status = await this.probe(token);
      if (status === 401) throw new Error(`soak revocation lane: a fresh ${VICTIM_CLIENT} token was refused before its revocation`);
    }
    return token;
  }

  private async revokeAndProbe(kind: RevocationLaneKind, token: string): Promise<RevocationSample> {
    const { clock, probeIntervalMs } = this.settings;
    const revokedAtMs = clock();
    const revoking = this.revoke(kind, token);
    let toFirstRefusalMs: number | undefined;
    let allowsAfterFirstRefusal = 0;
    let probes = 0;
    const done = () => clock() - revokedAtMs >= (toFirstRefusalMs === undefined ? MAX_PROBE_MS : toFirstRefusalMs + HOLD_MS);
    while (!done()) {
      const status = await this.probe(token);
      probes += 1;
      if (status === 401 && toFirstRefusalMs === undefined) toFirstRefusalMs = clock() - revokedAtMs;
      else if (status !== 401 && toFirstRefusalMs !== undefined) allowsAfterFirstRefusal += 1;
      await sleep(probeIntervalMs);
    }
    await revoking;
    const firstRefusalTier = this.tierByHashPrefix.get(tokenHashPrefix(tokenHash(token)));
    return { kind, revokedAtMs, toFirstRefusalMs, firstRefusalTier, allowsAfterFirstRefusal, probes };
  }

  private async revoke(kind: RevocationLaneKind, token: string): Promise<void> {
    if (kind === 'token') return this.settings.as.revoke(token, VICTIM_CLIENT);
    const revoke = kind === 'sub' ? { sub: VICTIM_CLIENT } : { clientId: VICTIM_CLIENT };
    const answer = await fetch(this.settings.receiver.invokeUrl, { method: 'POST', body: JSON.stringify({ revoke }) });
    if (answer.status !== 202) throw new Error(`soak revocation lane: the receiver answered ${answer.status}`);
  }

  private async probe(token: string): Promise<number> {
    const response = await fetch(`${this.settings.gatewayUrl}${PROBE_PATH}`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return response.status;
  }
}

/** soak.json's `revocation.lane`: p95 of the time to the first refusal, and every allow after it. */
export function revocationLaneSummary(samples: readonly RevocationSample[]) {
  const seconds = (values: number[]) => {
    const sorted = values.sort((a, b) => a - b);
    return sorted.length === 0 ? null : Math.round(percentileOfSorted(sorted, 95)) / 1000;
  };
  const refused = samples.filter((sample) => sample.toFirstRefusalMs !== undefined);
  return {
    p95Seconds: seconds(refused.map((sample) => sample.toFirstRefusalMs!)),
    targetSeconds: REVOCATION_TARGET_SECONDS,
    revocations: samples.length,
    neverRefused: samples.length - refused.length,
    allowsAfterFirstRefusal: samples.reduce((sum, sample) => sum + sample.allowsAfterFirstRefusal, 0),
    byKind: Object.fromEntries(
      REVOCATION_KINDS.map((kind) => {
        const ofKind = refused.filter((sample) => sample.kind === kind);
        return [kind, { revocations: samples.filter((sample) => sample.kind === kind).length, p95Seconds: seconds(ofKind.map((sample) => sample.toFirstRefusalMs!)) }];
      }),
    ),
    firstRefusalTiers: refused.reduce<Record<string, number>>((tiers, sample) => {
      const tier = sample.firstRefusalTier ?? 'unknown';
      tiers[tier] = (tiers[tier] ?? 0) + 1;
      return tiers;
    }, {}),
  };
}
