// An Amazon Verified Permissions policy store for the validator's `verifiedPermissionsPolicy`: one
// AWS::VerifiedPermissions::Policy per Cedar policy in the given files (the same files Cedar in-process
// reads), an optional schema, and a grant of verifiedpermissions:IsAuthorized on this store alone. An
// existing store is taken with `fromPolicyStoreId`. Policy files are read and split at synth, so a missing
// file or an oversized policy fails `cdk synth` naming the prop.
import { ArnFormat, Resource, Stack, Token, type IResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as verifiedpermissions from 'aws-cdk-lib/aws-verifiedpermissions';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { leadingAnnotations, splitCedarPolicies } from '../lambda/shared/cedar-policy-text';
import { PropProblems } from './prop-problems';

/** How the store checks policies against its schema. */
export enum PolicyValidationMode {
  /** Policies must conform to the schema (which is then required). */
  STRICT = 'STRICT',
  /** Policies are stored unchecked. */
  OFF = 'OFF',
}

/** A policy store the validator can ask. */
export interface IVerifiedPermissionsPolicyStore extends IResource {
  /** The store's id: the validator's `policyStoreId`. @attribute */
  readonly policyStoreId: string;
  /** arn:aws:verifiedpermissions::<account>:policy-store/<id> @attribute */
  readonly policyStoreArn: string;
  /** Grants verifiedpermissions:IsAuthorized on this store, and nothing else. */
  grantIsAuthorized(grantee: iam.IGrantable): iam.Grant;
}

export interface VerifiedPermissionsPolicyStoreProps {
  /** Cedar policy files; each policy in them becomes one stored policy (at most 10 000 characters each). */
  readonly policyFiles: string[];
  /**
   * A Cedar schema in its JSON form (`cedar translate-schema` converts the text form).
   * @default - no schema
   */
  readonly schemaFile?: string;
  /**
   * @default PolicyValidationMode.STRICT with a schema, PolicyValidationMode.OFF without
   */
  readonly validationMode?: PolicyValidationMode;
  /**
   * @default - none
   */
  readonly description?: string;
}

const MAX_STATEMENT_LENGTH = 10_000;
const MAX_DESCRIPTION_LENGTH = 150;

function grantIsAuthorizedOn(policyStoreArn: string, grantee: iam.IGrantable): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions: ['verifiedpermissions:IsAuthorized'], resourceArns: [policyStoreArn] });
}

/** A Verified Permissions policy store made from Cedar policy files. */
export class VerifiedPermissionsPolicyStore extends Resource implements IVerifiedPermissionsPolicyStore {
  /** An existing policy store, by id. */
  static fromPolicyStoreId(scope: Construct, id: string, policyStoreId: string): IVerifiedPermissionsPolicyStore {
    class Imported extends Resource implements IVerifiedPermissionsPolicyStore {
      readonly policyStoreId = policyStoreId;
      readonly policyStoreArn = policyStoreArnOf(this, policyStoreId);
      grantIsAuthorized(grantee: iam.IGrantable): iam.Grant {
        return grantIsAuthorizedOn(this.policyStoreArn, grantee);
      }
    }
    return new Imported(scope, id);
  }

  readonly policyStoreId: string;
  readonly policyStoreArn: string;
  /** The stored policies, in file order. */
  readonly policies: verifiedpermissions.CfnPolicy[];

  /** Grants verifiedpermissions:IsAuthorized on this store, and nothing else. */
  grantIsAuthorized(grantee: iam.IGrantable): iam.Grant {
    return grantIsAuthorizedOn(this.policyStoreArn, grantee);
  }

  constructor(scope: Construct, id: string, props: VerifiedPermissionsPolicyStoreProps) {
    super(scope, id);
    const problems = new PropProblems(this);
    const statements = policyStatements(problems, props.policyFiles ?? []);
    const schema = props.schemaFile === undefined ? undefined : schemaJson(problems, props.schemaFile);
    const mode = props.validationMode ?? (schema === undefined ? PolicyValidationMode.OFF : PolicyValidationMode.STRICT);
    if (mode === PolicyValidationMode.STRICT && props.schemaFile === undefined) problems.add('validationMode', 'STRICT needs a schemaFile to validate against');
    if (props.description !== undefined && !Token.isUnresolved(props.description) && props.description.length > MAX_DESCRIPTION_LENGTH) {
      problems.add('description', `must be at most ${MAX_DESCRIPTION_LENGTH} characters, got ${props.description.length}`);
    }
    problems.throwIfAny();

    const store = new verifiedpermissions.CfnPolicyStore(this, 'Resource', {
      validationSettings: { mode },
      schema: schema === undefined ? undefined : { cedarJson: schema },
      description: props.description,
    });
    this.policyStoreId = store.attrPolicyStoreId;
    this.policyStoreArn = store.attrArn;
    this.policies = statements.map(
      (policy, index) =>
        new verifiedpermissions.CfnPolicy(this, `Policy${index}`, {
          policyStoreId: this.policyStoreId,
          definition: { static: { statement: policy.statement, description: policy.description } },
        }),
    );
  }
}

function policyStoreArnOf(scope: Construct, policyStoreId: string): string {
  return Stack.of(scope).formatArn({ service: 'verifiedpermissions', region: '', resource: 'policy-store', resourceName: policyStoreId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

interface PolicyStatement {
  readonly statement: string;
  readonly description: string;
}

function policyStatements(problems: PropProblems, files: readonly string[]): PolicyStatement[] {
  if (files.length === 0) problems.add('policyFiles', 'must name at least one Cedar policy file');
  const statements: PolicyStatement[] = [];
  files.forEach((file, fileIndex) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.add(`policyFiles[${fileIndex}]`, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    const found = splitCedarPolicies(text);
    if (found.length === 0) problems.add(`policyFiles[${fileIndex}]`, `${file} holds no Cedar policy`);
    found.forEach(({ text: statement }, index) => {
      if (!statement.endsWith(';')) problems.add(`policyFiles[${fileIndex}]`, `${file} ends with text that is not a policy ending in ";"`);
      if (statement.length > MAX_STATEMENT_LENGTH) problems.add(`policyFiles[${fileIndex}]`, `policy ${index} of ${file} has ${statement.length} characters; Verified Permissions stores at most ${MAX_STATEMENT_LENGTH}`);
      const id = leadingAnnotations(statement).id ?? `${basename(file)}#${index}`;
      statements.push({ statement, description: id.slice(0, MAX_DESCRIPTION_LENGTH) });
    });
  });
  return statements;
}

function schemaJson(problems: PropProblems, file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.add('schemaFile', `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  try {
    JSON.parse(text);
  } catch {
    problems.add('schemaFile', `${file} is not JSON: give the schema's JSON form (cedar translate-schema converts the text form)`);
    return undefined;
  }
  return text;
}
