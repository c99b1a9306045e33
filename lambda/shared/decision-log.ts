// One structured JSON line per decision, from the authorizer and the validators alike. The record type
// lists every field a line may carry, so nothing else (a token, a JWT, a secret) can slip in by accident.
import type { LogLevel } from './config';

export type DecisionOutcome = 'allow' | 'deny' | 'unauthorized' | 'unavailable' | 'error';
export type CacheTier = 'memory' | 'dynamodb' | 'miss' | 'negative';

export interface DecisionRecord {
  readonly component: 'authorizer' | 'validator';
  readonly outcome: DecisionOutcome;
  /** `OK` for an allow, otherwise the error code. */
  readonly reason: string;
  readonly route?: string;
  readonly cacheTier?: CacheTier;
  readonly asLatencyMs?: number;
  readonly tokenHashPrefix?: string;
  readonly sub?: string;
  readonly clientId?: string;
  readonly requestId?: string;
  readonly durationMs?: number;
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

export class DecisionLogger {
  constructor(
    private readonly level: LogLevel = 'info',
    private readonly sink: LogSink = (line) => process.stdout.write(`${line}\n`),
  ) {}

  /** Allows at info, refusals at info, AS trouble at warn, our own faults at error. */
  decision(record: DecisionRecord): void {
    const level: LogLevel = record.outcome === 'error' ? 'error' : record.outcome === 'unavailable' ? 'warn' : 'info';
    this.write(level, { msg: 'decision', ...record });
  }

  log(level: LogLevel, msg: string, fields: Record<string, string | number | boolean | undefined> = {}): void {
    this.write(level, { msg, ...fields });
  }

  private write(level: LogLevel, fields: object): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.level]) return;
    this.sink(JSON.stringify({ level, time: new Date().toISOString(), ...fields }));
  }
}
