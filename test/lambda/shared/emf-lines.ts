// Reads EMF log lines the way CloudWatch does (embedded metric format specification): every directive
// names a namespace, dimension sets whose keys are string members of the line, and metrics whose names
// are numeric members. Returns one entry per (metric, dimension set), i.e. per CloudWatch metric fed.
export interface EmittedMetric {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  /** Dimension name -> value, for one dimension set. */
  readonly dimensions: Readonly<Record<string, string>>;
}

const UNITS = new Set(['Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Count', 'Percent', 'None']);

export function emittedMetrics(line: string): EmittedMetric[] {
  const entry = JSON.parse(line) as Record<string, unknown>;
  const aws = entry._aws as { Timestamp: unknown; CloudWatchMetrics: unknown } | undefined;
  if (aws === undefined) return [];
  if (typeof aws.Timestamp !== 'number') throw new Error('_aws.Timestamp must be a number');
  if (!Array.isArray(aws.CloudWatchMetrics)) throw new Error('_aws.CloudWatchMetrics must be an array');
  const found: EmittedMetric[] = [];
  for (const directive of aws.CloudWatchMetrics as { Namespace: unknown; Dimensions: unknown; Metrics: unknown }[]) {
    if (typeof directive.Namespace !== 'string' || directive.Namespace.length === 0) throw new Error('Namespace must be a string');
    if (!Array.isArray(directive.Dimensions) || !Array.isArray(directive.Metrics)) throw new Error('Dimensions and Metrics must be arrays');
    if (directive.Metrics.length > 100) throw new Error('at most 100 metrics per directive');
    for (const set of directive.Dimensions as string[][]) {
      if (set.length > 30) throw new Error('at most 30 dimensions per set');
      for (const key of set) {
        if (typeof entry[key] !== 'string') throw new Error(`dimension ${key} must be a string member of the line`);
      }
    }
    for (const metric of directive.Metrics as { Name: string; Unit: string }[]) {
      const value = entry[metric.Name];
      if (typeof value !== 'number') throw new Error(`metric ${metric.Name} must be a numeric member of the line`);
      if (!UNITS.has(metric.Unit)) throw new Error(`unit ${metric.Unit} of ${metric.Name} is not one this library uses`);
      for (const set of directive.Dimensions as string[][]) {
        const dimensions = Object.fromEntries(set.map((key) => [key, entry[key] as string]));
        found.push({ namespace: directive.Namespace, name: metric.Name, unit: metric.Unit, value, dimensions });
      }
    }
  }
  return found;
}

/** `Name{Dim=value,...}` strings, sorted: compact to assert on. */
export function metricKeys(line: string): string[] {
  return emittedMetrics(line)
    .map((metric) => {
      const dims = Object.entries(metric.dimensions)
        .filter(([key]) => key !== 'service')
        .map(([key, value]) => `${key}=${value}`)
        .join(',');
      return `${metric.name}{${dims}}`;
    })
    .sort();
}
