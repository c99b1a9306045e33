// The layer-7 firewall in front of the gateway: a per-IP rate limit and AWS managed rule groups. It
// stops floods of made-up tokens before each one costs an authorizer invocation and an AS call.
import { Aws } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { PropProblems } from './prop-problems';
import { WEB_ACL_KINDS } from './construct-prop-kinds';

const DEFAULT_MANAGED_RULE_GROUPS: readonly string[] = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
];

/** WAF options of the gateway. */
export interface GatewayWebAclOptions {
  /**
   * Requests one IP may make in a 5-minute window before WAF blocks it (WAF allows 10 to 2000000000).
   * @default 2000
   */
  readonly rateLimitPer5Minutes?: number;
  /**
   * AWS managed rule groups (vendor `AWS`) evaluated after the rate rule.
   * @default AWSManagedRulesAmazonIpReputationList, AWSManagedRulesCommonRuleSet, AWSManagedRulesKnownBadInputsRuleSet
   */
  readonly managedRuleGroups?: string[];
  /**
   * Keep WAF's sampled requests (`sampledRequestsEnabled` on the web ACL and each rule). A sampled
   * request is stored with its headers, the `Authorization` header among them: anyone allowed
   * `wafv2:GetSampledRequests` could read live bearer tokens (the opaque tokens this gateway accepts) and
   * replay them until they expire or are revoked. Turn on only while debugging rules, for an account whose
   * WAF readers may see credentials. CloudWatch metrics stay on either way.
   * @default false
   */
  readonly sampledRequestsEnabled?: boolean;
}

export interface GatewayWebAclProps extends GatewayWebAclOptions {
  /** The REST API stage to protect. */
  readonly stage: apigateway.IStage;
}

/** Reports problems with WAF options (also used by the gateway ahead of time). */
export function gatewayWebAclProblems(problems: PropProblems, props: GatewayWebAclOptions): void {
  problems.integerWithin('rateLimitPer5Minutes', props.rateLimitPer5Minutes, 10, 2_000_000_000);
  const groups = props.managedRuleGroups;
  if (groups !== undefined && new Set(groups).size !== groups.length) problems.add('managedRuleGroups', 'lists a group twice');
  for (const group of groups ?? []) {
    // WAF rule names (the group's name is reused as its rule's name): 1 to 128 of A-Z a-z 0-9 _ -.
    if (typeof group !== 'string' || !/^[A-Za-z0-9_-]{1,128}$/.test(group)) {
      problems.add('managedRuleGroups', `"${String(group)}" is not an AWS managed rule group name (1 to 128 letters, digits, _ or -, e.g. AWSManagedRulesCommonRuleSet)`);
    }
  }
}

/** A regional AWS WAF web ACL (`Resource`) associated with one REST API stage. */
export class GatewayWebAcl extends Construct {
  /** The AWS managed rule groups used when `managedRuleGroups` is not given. */
  public static readonly DEFAULT_MANAGED_RULE_GROUPS: string[] = [...DEFAULT_MANAGED_RULE_GROUPS];

  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;
  /** Its association with the stage. */
  public readonly association: wafv2.CfnWebACLAssociation;

  constructor(scope: Construct, id: string, props: GatewayWebAclProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    if (!props.stage) problems.add('stage', 'is required: the deployment stage to protect (an imported RestApi has none; pass its stage)');
    gatewayWebAclProblems(problems, problems.typed(props, WEB_ACL_KINDS));
    problems.throwIfAny();

    const metricPrefix = this.node.addr.slice(0, 12);
    const visibility = (name: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      // Off by default: a sampled request keeps its headers, the bearer token among them.
      sampledRequestsEnabled: props.sampledRequestsEnabled ?? false,
      metricName: `${metricPrefix}-${name}`,
    });
    const managed = (props.managedRuleGroups ?? [...DEFAULT_MANAGED_RULE_GROUPS]).map(
      (name, index): wafv2.CfnWebACL.RuleProperty => ({
        name,
        priority: index + 1,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
        visibilityConfig: visibility(name),
      }),
    );
    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('acl'),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimitPer5Minutes ?? 2000, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('rate'),
        },
        ...managed,
      ],
    });
    const stageArn = `arn:${Aws.PARTITION}:apigateway:${Aws.REGION}::/restapis/${props.stage.restApi.restApiId}/stages/${props.stage.stageName}`;
    this.association = new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: stageArn,
      webAclArn: this.webAcl.attrArn,
    });
    // The ARN is built from names, so CloudFormation would not otherwise wait for the stage.
    this.association.node.addDependency(props.stage);
  }
}
