// The revocation receiver: a Lambda function that records revocations in the authorizer's cache table and
// flushes API Gateway's authorizer cache for one stage. Two doors: a Function URL for RFC 8935 pushes (the
// SET's signature authenticates the AS, so the URL needs no IAM auth by default), and direct invocation
// for operators and AS webhooks, which IAM authenticates (`grantRevoke`).
import { Duration, Token } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LIMITS, revocationReceiverConfigToEnv } from '../lambda/shared/config';
import { REVOCATION_ITEM } from '../lambda/shared/revocation/revocation-items';
import { AuthorizerCacheFlushTarget } from './authorizer-cache-flush-target';
import { DEFAULT_NODEJS_RUNTIME, revocationPollIntervalProblems, runtimeProblems } from './authorizer/limits';
import { HandlerAsset, HandlerAssetName } from './handler-asset';
import { JwtAlgorithm } from './jwt-algorithm';
import { REVOCATION_RECEIVER_KINDS } from './construct-prop-kinds';
import { PropProblems } from './prop-problems';
import { RevocationPushAuth } from './revocation-push-auth';
import { endpointProblems } from './shared-checks';

const ALGORITHMS: readonly string[] = Object.values(JwtAlgorithm);

export interface RevocationReceiverProps {
  /** The AS's issuer: the `iss` of its SETs (https). */
  readonly issuer: string;
  /** The AS's JWKS URI: the keys its SETs are signed with (https). */
  readonly jwksUri: string;
  /** The `aud` the AS puts in SETs for this gateway (the stream's audience). */
  readonly audience: string;
  /** The authorizer's cache table: revocations are recorded there, under their own keys. */
  readonly cacheTable: dynamodb.ITableV2;
  /**
   * The API Gateway stage whose authorizer cache is flushed after each revocation.
   * @default - no flush: API Gateway's cached answers expire on their own TTL (`resultsCacheTtl`)
   */
  readonly flushTarget?: AuthorizerCacheFlushTarget;
  /**
   * The authorizers' `cacheMaxTtl`: revocations are kept at least this long (plus a minute).
   * @default Duration.seconds(300)
   */
  readonly cacheMaxTtl?: Duration;
  /**
   * The authorizers' revocation poll interval: the second flush comes this long (plus a second) after
   * the first, once every instance has polled.
   * @default Duration.seconds(2)
   */
  readonly revocationPollInterval?: Duration;
  /**
   * JWS algorithms accepted on SETs (asymmetric only).
   * @default [RS256, ES256, PS256, EdDSA]
   */
  readonly allowedAlgorithms?: JwtAlgorithm[];
  /**
   * Who may call the push URL.
   * @default RevocationPushAuth.NONE
   */
  readonly pushAuth?: RevocationPushAuth;
  /**
   * Runtime of the function: Node.js 22 or newer.
   * @default lambda.Runtime.NODEJS_24_X
   */
  readonly runtime?: lambda.Runtime;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

const TABLE_ACTIONS: readonly string[] = ['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'];

export class RevocationReceiver extends Construct {
  /** The receiver's table actions, on `rev#` keys only: count, log, claim and release a SET's jti. */
  public static readonly TABLE_ACTIONS: string[] = [...TABLE_ACTIONS];

  /** The receiver function. */
  public readonly function: lambda.Function;
  /** Its execution role: its log group, `rev#` items of the table, the stage's authorizer cache. */
  public readonly role: iam.Role;
  /** The function's log group. */
  public readonly logGroup: logs.LogGroup;
  /** The RFC 8935 push endpoint to register at the AS. */
  public readonly pushUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: RevocationReceiverProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    props = problems.typed(props, REVOCATION_RECEIVER_KINDS);
    problems.addAll('issuer', endpointProblems(props.issuer, true));
    problems.addAll('jwksUri', endpointProblems(props.jwksUri, true));
    if (!Token.isUnresolved(props.audience) && props.audience.trim().length === 0) problems.add('audience', 'must not be empty');
    problems.addAll('runtime', runtimeProblems(props.runtime));
    if (props.allowedAlgorithms?.length === 0) problems.add('allowedAlgorithms', 'must list at least one algorithm');
    for (const alg of props.allowedAlgorithms ?? []) {
      if (!ALGORITHMS.includes(alg)) problems.add('allowedAlgorithms', `"${alg}" is not one of ${ALGORITHMS.join(', ')} (asymmetric only)`);
    }
    problems.wholeSecondsWithin('cacheMaxTtl', props.cacheMaxTtl, LIMITS.cacheMaxTtlSeconds.min, LIMITS.cacheMaxTtlSeconds.max);
    problems.addAll('revocationPollInterval', revocationPollIntervalProblems(props.revocationPollInterval));
    problems.throwIfAny();

    const cacheMaxTtlSeconds = props.cacheMaxTtl?.toSeconds() ?? LIMITS.cacheMaxTtlSeconds.default;
    const pollMs = props.revocationPollInterval?.toMilliseconds() ?? LIMITS.revocationPollIntervalMs.default;

    const target = props.flushTarget;
    this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH });
    this.role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'phantom token revocation receiver: its log group, revocation items, one stage\'s authorizer cache',
    });
    this.logGroup.grantWrite(this.role);
    this.function = new lambda.Function(this, 'Resource', {
      runtime: props.runtime ?? DEFAULT_NODEJS_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: HandlerAsset.code(HandlerAssetName.REVOCATION_RECEIVER),
      memorySize: 256,
      // Long enough for the delayed second flush and its throttling retries.
      timeout: Duration.seconds(Math.ceil(pollMs / 1000) + 15),
      role: this.role,
      logGroup: this.logGroup,
      environment: revocationReceiverConfigToEnv({
        issuer: props.issuer,
        jwksUri: props.jwksUri,
        audience: props.audience,
        cacheTable: props.cacheTable.tableName,
        cacheMaxTtlSeconds,
        revocationPollIntervalMs: pollMs,
        allowedAlgorithms: props.allowedAlgorithms,
        flushApiKind: target ? target._apiKind() : 'none',
        flushApiId: target?.apiId,
        flushStage: target?.stageName,
      }),
      description: `phantom token revocation receiver for ${props.issuer}`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...TABLE_ACTIONS], // not the public copy, which a caller could change
        resources: [props.cacheTable.tableArn],
        // Revocation items only: the receiver can neither read nor overwrite a cache entry.
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${REVOCATION_ITEM.keyPrefix}*`] } },
      }),
    );
    props.cacheTable.encryptionKey?.grantEncryptDecrypt(this.role);
    if (target) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['apigateway:DELETE'], resources: [target.resourceArn(this)] }));
    }
    this.pushUrl = this.function.addFunctionUrl({
      authType: props.pushAuth === RevocationPushAuth.AWS_IAM ? lambda.FunctionUrlAuthType.AWS_IAM : lambda.FunctionUrlAuthType.NONE,
    });
  }

  /** Lets an operator or an AS webhook revoke by direct invocation (`{ "revoke": { "sub": "..." } }`). */
  public grantRevoke(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvoke(grantee);
  }
}

