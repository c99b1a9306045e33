// CloudWatch embedded metric format (EMF), serialized by hand: on the authorizer's warm path a library
// costs more than the whole decision (see docs/operations.md and bench/emf-choice.ts). Each metric
// family's directive is rendered once and reused; per line only the timestamp and the values change.
import type { MetricFamily, MetricPoint } from './decision-types';
import { ConfigError } from './errors';
import { DIMENSION, METRICS_ENV, METRICS_NAMESPACE } from './metric-names';

export interface MetricsSettings {
  /** @default 'PhantomToken' */
  readonly namespace?: string;
  /** The `service` dimension. @default - the Lambda function name, else 'local' */
  readonly service?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** On inside Lambda, off elsewhere (tests, local mode), unless `PHANTOM_METRICS` says `on` or `off`. */
export function metricsSettingsFromEnv(env: Env): MetricsSettings | false {
  const switchValue = env[METRICS_ENV.metrics]?.trim();
  if (switchValue !== undefined && switchValue !== '' && switchValue !== 'on' && switchValue !== 'off') {
    throw new ConfigError(METRICS_ENV.metrics, `must be on or off, got "${switchValue}"`);
  }
  if (switchValue === 'off') return false;
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME?.trim();
  if (switchValue !== 'on' && !functionName) return false;
  return { service: functionName || 'local' };
}

/**
 * The same, but never throws: an invalid switch falls back to the default (on inside Lambda, off
 * elsewhere). For reporting a configuration failure, which may be this very setting.
 */
export function metricsSettingsOrDefault(env: Env): MetricsSettings | false {
  try {
    return metricsSettingsFromEnv(env);
  } catch {
    const functionName = env.AWS_LAMBDA_FUNCTION_NAME?.trim();
    return functionName ? { service: functionName } : false;
  }
}

export class EmfSerializer {
  private readonly namespace: string;
  private readonly serviceMember: string;
  private readonly directives = new Map<MetricFamily, string>();

  constructor(settings: MetricsSettings = {}) {
    this.namespace = settings.namespace ?? METRICS_NAMESPACE;
    const service = settings.service ?? 'local';
    // CloudWatch's limits: namespace up to 255 characters, a dimension value up to 1024.
    if (this.namespace.length === 0 || this.namespace.length > 255) throw new ConfigError('metrics.namespace', 'must be 1 to 255 characters');
    if (service.length === 0 || service.length > 1024) throw new ConfigError('metrics.service', 'must be 1 to 1024 characters');
    this.serviceMember = `${JSON.stringify(DIMENSION.service)}:${JSON.stringify(service)}`;
  }

  /**
   * The EMF members of one log line as JSON text without braces (`"_aws":{...},"service":"...",...`),
   * to append to the line's own members; `undefined` when the point has no metric.
   */
  serialize(point: MetricPoint, timestamp: number = Date.now()): string | undefined {
    if (point.families.length === 0) return undefined;
    const directives = point.families.map((family) => this.directive(family)).join(',');
    let members = `"_aws":{"Timestamp":${timestamp},"CloudWatchMetrics":[${directives}]},${this.serviceMember}`;
    for (const name in point.dimensions) members += `,${quoted(name)}:${quoted(point.dimensions[name])}`;
    for (const name in point.values) {
      const value = point.values[name as keyof MetricPoint['values']];
      // A metric value must be a number; a NaN or an infinity would make the line invalid JSON.
      members += `,${quoted(name)}:${Number.isFinite(value) ? value : 0}`;
    }
    return members;
  }

  private directive(family: MetricFamily): string {
    let text = this.directives.get(family);
    if (text === undefined) {
      text = JSON.stringify({
        Namespace: this.namespace,
        Dimensions: family.dimensionSets.map((set) => [DIMENSION.service, ...set]),
        Metrics: family.metrics.map(({ name, unit }) => ({ Name: name, Unit: unit })),
      });
      this.directives.set(family, text);
    }
    return text;
  }
}

// Names and dimension values come from short closed lists, so their JSON text is worth keeping.
const QUOTED = new Map<string, string>();
function quoted(text: string): string {
  let json = QUOTED.get(text);
  if (json === undefined) {
    json = JSON.stringify(text);
    if (QUOTED.size < 512) QUOTED.set(text, json);
  }
  return json;
}
