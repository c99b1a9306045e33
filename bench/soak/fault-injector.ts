// Runs the schedule against the real components: the embedded AS stopped (its listener closed, its
// connections dropped) and started again, the embedded DynamoDB likewise, the AS slowed beyond the
// authorizer's AS timeout, and one token revoked. Records each window as it really happened.
import type { EmbeddedDynamoDb } from '../../local/dynamodb';
import type { EmbeddedAs } from '../../local/embedded-as';
import type { FaultKind, FaultWindow, SoakSchedule } from './schedule';

export interface FaultTargets {
  readonly as: EmbeddedAs;
  readonly dynamoDb: EmbeddedDynamoDb;
  /** How long the slow AS holds each introspection or token request. */
  readonly slowDelayMs: number;
  /** Revokes the victim token at the AS. */
  readonly revoke: () => Promise<void>;
}

export interface Revocation {
  startMs?: number;
  /** When the AS confirmed the revocation: the cache bound counts from here. */
  doneMs?: number;
}

const sleepUntil = (clock: () => number, atMs: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, atMs - clock()));
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

export class FaultInjector {
  readonly windows: FaultWindow[] = [];
  readonly revocation: Revocation = {};

  constructor(
    private readonly targets: FaultTargets,
    private readonly schedule: SoakSchedule,
    private readonly clock: () => number,
  ) {}

  /** Runs every step in time order; an abort ends the waiting early but still restores what was faulted. */
  async run(signal: AbortSignal): Promise<void> {
    const steps = [
      { atMs: this.schedule.revokeAtMs, step: () => this.revoke() },
      ...this.schedule.faults.map((fault) => ({ atMs: fault.atMs, step: () => this.window(fault.kind, fault.atMs + fault.forMs, signal) })),
    ].sort((a, b) => a.atMs - b.atMs);
    for (const { atMs, step } of steps) {
      await sleepUntil(this.clock, atMs, signal);
      if (signal.aborted) return;
      await step();
    }
  }

  private async revoke(): Promise<void> {
    this.revocation.startMs = this.clock();
    await this.targets.revoke();
    this.revocation.doneMs = this.clock();
  }

  private async window(kind: FaultKind, untilMs: number, signal: AbortSignal): Promise<void> {
    const window: FaultWindow = { kind, startMs: this.clock() };
    this.windows.push(window);
    await this.apply(kind);
    try {
      await sleepUntil(this.clock, untilMs, signal);
    } finally {
      await this.restore(kind);
      window.endMs = this.clock();
    }
  }

  private async apply(kind: FaultKind): Promise<void> {
    if (kind === 'as-down') await this.targets.as.stop();
    else if (kind === 'dynamodb-down') await this.targets.dynamoDb.stop();
    else await this.targets.as.setFault({ kind: 'slow', delayMs: this.targets.slowDelayMs });
  }

  private async restore(kind: FaultKind): Promise<void> {
    if (kind === 'as-down') await this.targets.as.start();
    else if (kind === 'dynamodb-down') await this.targets.dynamoDb.start();
    else await this.targets.as.setFault(undefined);
  }
}
