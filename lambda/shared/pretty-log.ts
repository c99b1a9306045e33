// Local mode prints the same decision lines as Lambda, readable in a terminal: one short line per
// decision or event, without the embedded-metrics block. Piped output stays JSON (terminalAwareSink).
import type { LogSink } from './decision-log';

export interface PrettyOptions {
  /** ANSI colours for the level and the outcome. @default false */
  readonly color?: boolean;
}

const ANSI = { reset: '\u001b[0m', dim: '\u001b[2m', red: '\u001b[31m', green: '\u001b[32m', yellow: '\u001b[33m' } as const;
const OUTCOME_COLOR: Record<string, string> = {
  allow: ANSI.green,
  deny: ANSI.yellow,
  unauthorized: ANSI.yellow,
  unavailable: ANSI.red,
  error: ANSI.red,
};
const LEVEL_COLOR: Record<string, string> = { debug: ANSI.dim, info: ANSI.green, warn: ANSI.yellow, error: ANSI.red };

// Shown first and in this order, with short labels; the rest follow as key=value.
const LABELLED: readonly [field: string, label: string][] = [
  ['cacheTier', 'cache'],
  ['asLatencyMs', 'as'],
  ['asErrorKind', 'as_error'],
  ['durationMs', 'took'],
  ['sub', 'sub'],
  ['clientId', 'client'],
  ['tokenHashPrefix', 'hash'],
  ['requestId', 'req'],
];
const HEADLINE = new Set(['level', 'time', 'msg', 'component', 'outcome', 'reason', 'route']);

/** The EMF members of a line: `_aws` and every dimension and metric it declares. */
function emfKeys(entry: Record<string, unknown>): Set<string> {
  const keys = new Set<string>(['_aws']);
  const directives = (entry._aws as { CloudWatchMetrics?: unknown } | undefined)?.CloudWatchMetrics;
  if (!Array.isArray(directives)) return keys;
  for (const directive of directives as { Dimensions?: string[][]; Metrics?: { Name: string }[] }[]) {
    for (const set of directive.Dimensions ?? []) for (const name of set) keys.add(name);
    for (const metric of directive.Metrics ?? []) keys.add(metric.Name);
  }
  return keys;
}

const paint = (text: string, color: string | undefined, on: boolean) => (on && color ? `${color}${text}${ANSI.reset}` : text);
const show = (value: unknown) => (typeof value === 'string' && !/\s/.test(value) ? value : JSON.stringify(value));

/** One readable line for a JSON log line; `undefined` for a metrics-only line; other text as is. */
export function formatPrettyLine(line: string, options: PrettyOptions = {}): string | undefined {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  if (entry.msg === 'metrics') return undefined;
  const color = options.color ?? false;
  const skip = emfKeys(entry);
  const level = String(entry.level ?? 'info');
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const parts = [paint(time, ANSI.dim, color), paint(level.toUpperCase().padEnd(5), LEVEL_COLOR[level], color)];

  if (entry.msg === 'decision') {
    parts.push(String(entry.component ?? ''), paint(String(entry.outcome ?? ''), OUTCOME_COLOR[String(entry.outcome)], color));
    parts.push(String(entry.reason ?? ''));
    if (entry.route !== undefined) parts.push(String(entry.route));
  } else {
    parts.push(String(entry.msg ?? ''));
  }
  for (const [field, label] of LABELLED) {
    if (entry[field] === undefined) continue;
    const value = field.endsWith('Ms') ? `${entry[field]}ms` : show(entry[field]);
    parts.push(`${label}=${value}`);
  }
  const labelled = new Set(LABELLED.map(([field]) => field));
  for (const [key, value] of Object.entries(entry)) {
    if (HEADLINE.has(key) || labelled.has(key) || skip.has(key) || value === undefined) continue;
    parts.push(`${key}=${show(value)}`);
  }
  return parts.filter((part) => part.length > 0).join(' ');
}

/** A DecisionLogger sink that prints pretty lines. */
export function prettySink(write: (text: string) => void = (text) => process.stdout.write(text), options: PrettyOptions = {}): LogSink {
  return (line) => {
    const pretty = formatPrettyLine(line, options);
    if (pretty !== undefined) write(`${pretty}\n`);
  };
}

/** Pretty (with colour) when the stream is a terminal, the JSON lines unchanged otherwise. */
export function terminalAwareSink(stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stdout): LogSink {
  if (stream.isTTY) return prettySink((text) => stream.write(text), { color: true });
  return (line) => stream.write(`${line}\n`);
}
