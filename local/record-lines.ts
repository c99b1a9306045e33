// recordLines: a log sink for tests that keeps what the authorizer and the services would print, so a
// test can stay quiet and still assert on the decisions (`decisionLog: recorder.sink`).
import type { LogSink } from '../lambda/shared/decision-log';

export interface RecordedLines {
  /** Pass it as `decisionLog` (or `accessLog`, or a validator's `logSink`). */
  readonly sink: LogSink;
  /** Every line, as written (JSON, one object per line). */
  readonly lines: readonly string[];
  /** The lines parsed. */
  entries(): Record<string, unknown>[];
  /** The decision lines only (`msg: "decision"`): one per request the authorizer or a service judged. */
  decisions(): Record<string, unknown>[];
  clear(): void;
}

export function recordLines(): RecordedLines {
  const lines: string[] = [];
  const entries = () => lines.flatMap((line) => {
    try {
      const parsed: unknown = JSON.parse(line);
      return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
  return {
    sink: (line) => void lines.push(line),
    lines,
    entries,
    decisions: () => entries().filter((entry) => entry.msg === 'decision'),
    clear: () => void lines.splice(0),
  };
}
