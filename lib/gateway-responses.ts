// Deploys the gateway's own answers exactly as lambda/shared/gateway-responses.ts defines them (the
// local gateway serves the same definitions): 401 with a Bearer challenge (and DPoP's, when bound tokens
// are accepted), 403 insufficient_scope, and 503 with Retry-After when the authorizer cannot reach the AS.
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { gatewayResponsesFor } from '../lambda/shared/dpop-challenge';
import { gatewayResponseBody, type GatewayResponseKind } from '../lambda/shared/gateway-responses';
import { GATEWAY_RESPONSES_KINDS } from './construct-prop-kinds';
import { PropProblems } from './prop-problems';
import { JwtAlgorithm } from './jwt-algorithm';

export interface PhantomTokenGatewayResponsesProps {
  /** The REST API whose responses are set. */
  readonly restApi: apigateway.IRestApi;
  /**
   * The authorizer accepts DPoP-bound tokens with these proof algorithms: the 401 challenges with
   * `DPoP algs="..."` alongside `Bearer` (RFC 9449 §7.1).
   * @default - the 401 challenges with Bearer only
   */
  readonly dpopAlgorithms?: JwtAlgorithm[];
}

/** The four gateway responses of the phantom token pattern, with JSON bodies. */
export class PhantomTokenGatewayResponses extends Construct {
  /** The responses, by API Gateway response type. */
  public readonly responses: { [responseType: string]: apigateway.GatewayResponse };

  constructor(scope: Construct, id: string, props: PhantomTokenGatewayResponsesProps) {
    super(scope, id);
    PropProblems.typedOrThrow(this, props, GATEWAY_RESPONSES_KINDS);
    const responses = {} as Record<GatewayResponseKind, apigateway.GatewayResponse>;
    for (const spec of Object.values(gatewayResponsesFor(props.dpopAlgorithms))) {
      responses[spec.kind] = new apigateway.GatewayResponse(this, spec.kind, {
        restApi: props.restApi,
        type: apigateway.ResponseType.of(spec.kind),
        statusCode: String(spec.statusCode),
        // API Gateway takes header values as quoted literals.
        responseHeaders: Object.fromEntries(Object.entries(spec.headers).map(([name, value]) => [name, `'${value}'`])),
        templates: { 'application/json': gatewayResponseBody(spec) },
      });
    }
    this.responses = responses;
  }
}
