// Each authorizer instance learns of revocations by polling: at most once per interval, and only while it
// serves requests (the poll runs inside one, so an idle instance reads nothing). A poll reads the small
// epoch item; when the epoch moved it reads the new log bucket(s). A cold instance first loads the live
// backlog. A failed poll refuses nothing: the caller records it and serves from what it knew, and the
// next poll is one interval later (a DynamoDB outage must not add a timeout to every request).
import { bucketOf, type Revocation, type RevocationReader } from '../../shared/revocation';
import type { VerifiedIdentity } from '../exchange/types';
import { RevocationList, type Refusal } from './revocation-list';

export type PollOutcome = 'ok' | 'failed';

export interface RevocationPollerOptions {
  readonly reader: RevocationReader;
  readonly intervalMs: number;
  readonly now: () => number;
  /** Told of each token revocation learned, so its memory entry goes at once. */
  readonly onTokenRevoked?: (tokenHash: string) => void;
  readonly onPollFailure?: (error: unknown) => void;
  /** The most log buckets a cold start reads (BUCKET_SIZE revocations each). @default 50 */
  readonly maxBacklogBuckets?: number;
}

/** A sequence number the epoch counts but no log entry holds yet is waited for this long, then skipped. */
const GAP_PATIENCE_MS = 10_000;

export class RevocationPoller {
  readonly list = new RevocationList();
  private seen?: number;
  private lastAttemptMs = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<PollOutcome>;
  private gapSinceMs?: number;

  constructor(private readonly options: RevocationPollerOptions) {}

  /** The poll when one is due (shared by concurrent requests), else undefined. Never rejects. */
  pollIfDue(): Promise<PollOutcome> | undefined {
    if (this.inFlight) return this.inFlight;
    const nowMs = this.options.now();
    if (nowMs - this.lastAttemptMs < this.options.intervalMs) return undefined;
    this.lastAttemptMs = nowMs;
    this.inFlight = this.poll().then(
      () => 'ok' as const,
      (error: unknown) => {
        this.options.onPollFailure?.(error);
        return 'failed' as const;
      },
    ).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  refusal(tokenHash: string, identity: VerifiedIdentity): Refusal | undefined {
    // No revocation known (the usual case): no clock read on the warm path.
    if (this.list.size === 0) return undefined;
    return this.list.refusal(tokenHash, identity, this.options.now());
  }

  private async poll(): Promise<void> {
    const { reader, now } = this.options;
    const epoch = await reader.readEpoch();
    if (this.seen !== undefined && epoch < this.seen) {
      // The counter went back (the table was replaced): what this instance knew no longer lines up.
      this.list.clear();
      this.seen = undefined;
    }
    if (this.seen === undefined) {
      await this.loadBacklog(epoch);
      this.seen = epoch;
      return;
    }
    if (epoch === this.seen) return this.list.prune(now());
    const from = this.seen + 1;
    const buckets: number[] = [];
    for (let bucket = bucketOf(from); bucket <= bucketOf(epoch); bucket += 1) buckets.push(bucket);
    const read = await Promise.all(buckets.map((bucket) => reader.readBucket(bucket)));
    const entries = new Map<number, Revocation>();
    for (const { revocations } of read) for (const [sequence, revocation] of revocations) entries.set(sequence, revocation);
    let reached = this.seen;
    for (let sequence = from; sequence <= epoch; sequence += 1) {
      const revocation = entries.get(sequence);
      if (revocation) this.learn(revocation);
      else if (!this.gapIsStale()) break;
      reached = sequence;
    }
    this.gapSinceMs = reached === epoch ? undefined : (this.gapSinceMs ?? now());
    // Entries past a gap are learned already (learning twice is harmless); the gap is read again next time.
    for (const [sequence, revocation] of entries) if (sequence > reached) this.learn(revocation);
    this.seen = reached;
    this.list.prune(now());
  }

  /** Newest bucket first, down to the first bucket that is gone or holds nothing live. */
  private async loadBacklog(epoch: number): Promise<void> {
    if (epoch === 0) return;
    const maxBuckets = this.options.maxBacklogBuckets ?? 50;
    for (let bucket = bucketOf(epoch), read = 0; bucket >= 0 && read < maxBuckets; bucket -= 1, read += 1) {
      const { found, revocations } = await this.options.reader.readBucket(bucket);
      const nowMs = this.options.now();
      let live = 0;
      for (const revocation of revocations.values()) {
        if (revocation.expiresAtMs <= nowMs) continue;
        live += 1;
        this.learn(revocation);
      }
      // Buckets fill in sequence order with one retention, so older buckets expire first.
      if (!found || (live === 0 && bucket < bucketOf(epoch))) return;
    }
  }

  private learn(revocation: Revocation): void {
    this.list.add(revocation, this.options.now());
    if (revocation.kind === 'token') this.options.onTokenRevoked?.(revocation.hash);
  }

  private gapIsStale(): boolean {
    return this.gapSinceMs !== undefined && this.options.now() - this.gapSinceMs >= GAP_PATIENCE_MS;
  }
}
