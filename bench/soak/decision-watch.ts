// Reads the authorizer's decision lines as they are written (the local stack's decision log sink), for
// two things the HTTP answers cannot show: when a followed token's tier-1 entry was filled from the AS
// (so an outage can be judged: a token whose entry is fresh must keep working), and the authorizer's own
// failures, AS-unavailable decisions and DynamoDB errors, counted.
import { tokenHash, tokenHashPrefix } from '../../lambda/shared/token-hash';

/** A fill's clock reading precedes its decision line by the tier-2 write (at most 1 s) and event-loop lag. */
export const FILL_TO_LOG_SLACK_MS = 2000;

export interface DecisionCounts {
  readonly lines: number;
  /** outcome 'error': the authorizer's own failures (ERR_INTERNAL and the like), never expected. */
  readonly errors: number;
  readonly unavailable: number;
  readonly dynamoDbErrors: number;
  readonly byTier: Readonly<Record<string, number>>;
}

export class DecisionWatch {
  /** Hash prefix (what decision lines carry) of each followed token, both ways. */
  private readonly followed = new Set<string>();
  private readonly prefixOf = new Map<string, string>();
  private readonly fills = new Map<string, number>();
  private counts = { lines: 0, errors: 0, unavailable: 0, dynamoDbErrors: 0 };
  private readonly byTier: Record<string, number> = {};
  private readonly errorSamples: string[] = [];

  constructor(
    private readonly clock: () => number,
    private readonly cacheMaxTtlSeconds: number,
  ) {}

  follow(token: string): void {
    const prefix = tokenHashPrefix(tokenHash(token));
    this.followed.add(prefix);
    this.prefixOf.set(token, prefix);
  }

  readonly sink = (line: string): void => {
    this.counts.lines += 1;
    if (line.includes('"msg":"dynamodb_error"')) {
      this.counts.dynamoDbErrors += 1;
      return;
    }
    if (!line.includes('"msg":"decision"') || !line.includes('"component":"authorizer"')) return;
    const record = JSON.parse(line) as { outcome?: string; cacheTier?: string; tokenHashPrefix?: string; reason?: string };
    if (record.cacheTier) this.byTier[record.cacheTier] = (this.byTier[record.cacheTier] ?? 0) + 1;
    if (record.outcome === 'unavailable') {
      this.counts.unavailable += 1;
    } else if (record.outcome === 'error') {
      this.counts.errors += 1;
      if (this.errorSamples.length < 10) this.errorSamples.push(`${record.reason ?? '?'} (${record.cacheTier ?? 'no tier'})`);
    } else if ((record.outcome === 'allow' || record.outcome === 'deny') && record.cacheTier === 'miss' && record.tokenHashPrefix) {
      if (this.followed.has(record.tokenHashPrefix)) this.fills.set(record.tokenHashPrefix, this.clock());
    }
  };

  /** Whether the token's tier-1 entry was certainly fresh from `startMs` to `endMs` (run clock). */
  /** The run clock's origin moved forward by `deltaMs`: what was recorded is re-expressed on the new clock. */
  rebase(deltaMs: number): void {
    for (const [prefix, filledAt] of this.fills) this.fills.set(prefix, filledAt - deltaMs);
  }

  knownCached(token: string, startMs: number, endMs: number): boolean {
    const prefix = this.prefixOf.get(token);
    const filledAt = prefix === undefined ? undefined : this.fills.get(prefix);
    if (filledAt === undefined || filledAt > startMs) return false;
    return endMs < filledAt - FILL_TO_LOG_SLACK_MS + this.cacheMaxTtlSeconds * 1000;
  }

  summary(): DecisionCounts & { errorSamples: readonly string[] } {
    return { ...this.counts, byTier: { ...this.byTier }, errorSamples: [...this.errorSamples] };
  }
}
