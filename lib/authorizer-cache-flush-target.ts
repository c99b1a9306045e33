// The API Gateway stage whose authorizer result cache the revocation receiver flushes, and the one
// resource its IAM grant names.
import { Aws, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import type { FlushApiKind } from '../lambda/shared/config';

/** The API Gateway stage whose authorizer cache a revocation flushes: a REST stage or an HTTP API stage. */
export class AuthorizerCacheFlushTarget {
  /** FlushStageAuthorizersCache on a REST API stage. */
  public static restApiStage(stage: apigateway.IStage): AuthorizerCacheFlushTarget {
    return new AuthorizerCacheFlushTarget('rest', stage.restApi.restApiId, stage.stageName);
  }

  /** ResetAuthorizersCache on an HTTP API stage. */
  public static httpApiStage(stage: apigwv2.IHttpStage): AuthorizerCacheFlushTarget {
    return new AuthorizerCacheFlushTarget('http', stage.api.apiId, stage.stageName);
  }

  /** The API's id. */
  public readonly apiId: string;
  /** The stage's name. */
  public readonly stageName: string;
  /** `rest` or `http`, as the handler reads it. */
  private readonly apiKind: Exclude<FlushApiKind, 'none'>;

  private constructor(apiKind: Exclude<FlushApiKind, 'none'>, apiId: string, stageName: string) {
    this.apiKind = apiKind;
    this.apiId = apiId;
    this.stageName = stageName;
  }

  /** The one resource the flush deletes: `arn:aws:apigateway:REGION::/restapis/ID/stages/STAGE/cache/authorizers`. */
  public resourceArn(scope: Construct): string {
    const collection = this.apiKind === 'rest' ? 'restapis' : 'apis';
    return `arn:${Aws.PARTITION}:apigateway:${Stack.of(scope).region}::/${collection}/${this.apiId}/stages/${this.stageName}/cache/authorizers`;
  }

  /** The handler's PHANTOM_REVOCATION_FLUSH_API_KIND. @internal */
  public _apiKind(): Exclude<FlushApiKind, 'none'> {
    return this.apiKind;
  }
}
