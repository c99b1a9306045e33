// One structured JSON line per decision, from the authorizer and the validators alike. The record type
// lists every field a line may carry, and the logger copies only those fields, so nothing else (a
// token, a JWT, a secret) can slip in by accident. With metrics on, the same line carries the decision's
// CloudWatch embedded metric format members (decision-metrics.ts, emf.ts): no second line, no API call.
import type { LogLevel } from './config';
import { decisionMetrics, eventMetrics } from './decision-metrics';
import { EmfSerializer, metricsSettingsFromEnv, type MetricsSettings } from './emf';
import { LOG_EVENT_FIELD_NAMES, LOG_EVENT_LEVEL, type LogEventFields, type LogEventName } from './log-events';
import { jsonValue } from './json-value';
import type { DecisionRecord } from './decision-types';

export type { CacheTier, DecisionOutcome, DecisionRecord, SingleFlight } from './decision-types';

const RECORD_FIELDS: readonly (keyof DecisionRecord)[] = [
  'component', 'outcome', 'reason', 'route', 'cacheTier', 'asLatencyMs', 'singleFlight', 'asErrorKind',
  'tokenHashPrefix', 'sub', 'clientId', 'requestId', 'durationMs', 'setting', 'policy', 'policyEngine', 'policyMs',
  'revokedBy', 'revocationDelayMs', 'revocationPoll',
];

/** The fields a plain `log()` line may carry; anything else handed to it is dropped. */
export interface PlainLogFields {
  readonly component?: 'authorizer' | 'validator';
  readonly mode?: string;
  readonly setting?: string;
  readonly requestId?: string;
  readonly durationMs?: number;
}
const PLAIN_LOG_FIELDS: readonly (keyof PlainLogFields)[] = ['component', 'mode', 'setting', 'requestId', 'durationMs'];
// A hash prefix is short hex; anything else in that field is a caller's mistake and is not logged.
const HASH_PREFIX_PATTERN = /^[0-9a-f]{1,16}$/;

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogSink = (line: string) => void;

export interface DecisionLoggerOptions {
  /**
   * Emit CloudWatch embedded metrics with every decision and event; `false` turns them off.
   * @default - from the environment: on inside Lambda, off elsewhere, `PHANTOM_METRICS=on|off` overrides
   */
  readonly metrics?: MetricsSettings | false;
}

type EventArgs<N extends LogEventName> = object extends LogEventFields[N] ? [fields?: LogEventFields[N]] : [fields: LogEventFields[N]];

export class DecisionLogger {
  private readonly emf?: EmfSerializer;

  constructor(
    private readonly level: LogLevel = 'info',
    private readonly sink: LogSink = (line) => process.stdout.write(`${line}\n`),
    options: DecisionLoggerOptions = {},
  ) {
    const metrics = options.metrics ?? metricsSettingsFromEnv(process.env);
    if (metrics !== false) this.emf = new EmfSerializer(metrics);
  }

  /** Allows at info, refusals at info, AS trouble at warn, our own faults at error. */
  decision(record: DecisionRecord): void {
    const level: LogLevel = record.outcome === 'error' ? 'error' : record.outcome === 'unavailable' ? 'warn' : 'info';
    const now = Date.now();
    const metrics = this.emf?.serialize(decisionMetrics(record), now);
    if (this.enabled(level)) {
      // Written member by member (the same text JSON.stringify would give): this runs on every request.
      let line = `{"level":"${level}","time":"${isoTime(now)}","msg":"decision"`;
      for (const name of RECORD_FIELDS) {
        const value = record[name];
        if (value === undefined) continue;
        if (name === 'tokenHashPrefix' && !HASH_PREFIX_PATTERN.test(String(value))) continue;
        const json = jsonValue(value);
        if (json !== undefined) line += `,"${name}":${json}`;
      }
      this.sink(withMembers(`${line}}`, metrics));
    } else if (metrics !== undefined) {
      this.sink(withMembers(JSON.stringify({ msg: 'metrics', component: record.component }), metrics));
    }
  }

  /** A counted event that is not a decision: one line at the event's level, and its metric. */
  event<N extends LogEventName>(name: N, ...[fields]: EventArgs<N>): void {
    const level = LOG_EVENT_LEVEL[name];
    const now = Date.now();
    const metrics = this.emf?.serialize(eventMetrics(name, (fields ?? {}) as Partial<LogEventFields[N]>), now);
    if (this.enabled(level)) {
      this.sink(withMembers(JSON.stringify(copyFields(this.entry(level, now, name), fields ?? {}, LOG_EVENT_FIELD_NAMES[name])), metrics));
    } else if (metrics !== undefined) {
      this.sink(withMembers(JSON.stringify({ msg: 'metrics', event: name }), metrics));
    }
  }

  /** A plain line without metrics; only the fields of PlainLogFields are copied. */
  log(level: LogLevel, msg: string, fields: PlainLogFields = {}): void {
    if (this.enabled(level)) this.sink(JSON.stringify(copyFields(this.entry(level, Date.now(), msg), fields, PLAIN_LOG_FIELDS)));
  }

  private enabled(level: LogLevel): boolean {
    return LEVEL_ORDER[level] >= LEVEL_ORDER[this.level];
  }

  private entry(level: LogLevel, now: number, msg: string): Record<string, unknown> {
    return { level, time: isoTime(now), msg };
  }
}

// Rendering the time is a measurable part of a line; lines within one millisecond share it.
let lastTimeMs = Number.NaN;
let lastTimeText = '';
function isoTime(ms: number): string {
  if (ms !== lastTimeMs) {
    lastTimeMs = ms;
    lastTimeText = new Date(ms).toISOString();
  }
  return lastTimeText;
}

/** Copies the named fields that are set; nothing else on the source reaches the line. */
function copyFields(target: Record<string, unknown>, source: object, names: readonly string[]): Record<string, unknown> {
  for (const name of names) {
    const value = (source as Record<string, unknown>)[name];
    if (value !== undefined) target[name] = value;
  }
  return target;
}

/** Appends JSON members (text without braces) to a JSON object's text. */
function withMembers(objectText: string, members: string | undefined): string {
  return members === undefined ? objectText : `${objectText.slice(0, -1)},${members}}`;
}
