// API Gateway's own metrics for an HTTP API: other names than a REST API's (`4xx`, `5xx`) and other
// dimensions (`ApiId`, `Stage`), read through aws-cdk-lib's own factories on the stage or the API.
import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IGatewayMetrics } from './gateway-metrics';

/**
 * Metric factories for an HTTP API's stage (ApiId + Stage), or for the whole API (ApiId) when no stage
 * is known. `4xx` and `5xx` are 0 or 1 per request: Sum counts them, Average is the error rate.
 */
export class HttpGatewayMetrics implements IGatewayMetrics {
  /**
   * @param httpApi The HTTP API, the gateway's or any other.
   * @param stage Its stage; without it the metrics cover every stage of the API.
   */
  constructor(private readonly httpApi: apigwv2.IHttpApi, private readonly stage?: apigwv2.IHttpStage) {}

  /** Requests to the stage (Sum). */
  public metricRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return (this.stage ?? this.httpApi).metricCount(withDefaults('Sum', props));
  }

  /** 4xx answers of the stage (`4xx`), the authorizer's 401s and 403s among them. */
  public metricClientErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return (this.stage ?? this.httpApi).metricClientError(withDefaults('Sum', props));
  }

  /** 5xx answers of the stage (`5xx`): a failing authorizer is a 500 on an HTTP API. */
  public metricServerErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return (this.stage ?? this.httpApi).metricServerError(withDefaults('Sum', props));
  }

  /** Latency of the stage in milliseconds, authorizer and integration included (Average). */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return (this.stage ?? this.httpApi).metricLatency(withDefaults('Average', props));
  }

  /** Latency of the integrations in milliseconds (Average). */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return (this.stage ?? this.httpApi).metricIntegrationLatency(withDefaults('Average', props));
  }
}

function withDefaults(statistic: string, props: cloudwatch.MetricOptions = {}): cloudwatch.MetricOptions {
  return { statistic, period: Duration.minutes(5), ...props };
}
