// CloudWatch embedded metric format through Powertools for AWS Lambda (Metrics). Powertools puts every
// metric of one serialization under the same dimension sets, so each family is serialized on its own and
// the directives are joined into one `_aws` block: one log line per decision carries all its metrics.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricFamily, MetricUnitName } from './decision-metrics';
import { METRICS_ENV, METRICS_NAMESPACE } from './metric-names';

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
  if (switchValue === 'off') return false;
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME?.trim();
  if (switchValue !== 'on' && !functionName) return false;
  return { service: functionName || 'local' };
}

const UNITS: Record<MetricUnitName, (typeof MetricUnit)[keyof typeof MetricUnit]> = {
  Count: MetricUnit.Count,
  Milliseconds: MetricUnit.Milliseconds,
};

interface EmfDocument {
  _aws: { Timestamp: number; CloudWatchMetrics: unknown[] };
  [key: string]: unknown;
}

export class EmfSerializer {
  private readonly metrics: Metrics;

  constructor(settings: MetricsSettings = {}) {
    this.metrics = new Metrics({
      namespace: settings.namespace ?? METRICS_NAMESPACE,
      serviceName: settings.service ?? 'local',
    });
  }

  /** The EMF members (the `_aws` block, dimension values, metric values) to merge into a log line. */
  serialize(families: readonly MetricFamily[], timestamp: number = Date.now()): Record<string, unknown> | undefined {
    const documents = families.filter((family) => family.values.length > 0).map((family) => this.serializeFamily(family));
    if (documents.length === 0) return undefined;
    const members: Record<string, unknown> = {};
    for (const { _aws, ...rest } of documents) Object.assign(members, rest);
    return {
      _aws: { Timestamp: timestamp, CloudWatchMetrics: documents.flatMap((document) => document._aws.CloudWatchMetrics) },
      ...members,
    };
  }

  private serializeFamily(family: MetricFamily): EmfDocument {
    try {
      for (const set of family.dimensionSets) this.metrics.addDimensions({ ...set });
      for (const value of family.values) this.metrics.addMetric(value.name, UNITS[value.unit], value.value);
      return this.metrics.serializeMetrics() as EmfDocument;
    } finally {
      this.metrics.clearMetrics();
      this.metrics.clearDimensions();
    }
  }
}
