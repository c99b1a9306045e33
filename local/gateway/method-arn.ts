// The execute-api method ARN API Gateway passes to an authorizer and evaluates the returned policy against:
// arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path without its leading slash>.

export interface ApiIdentity {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
}

export const LOCAL_API_IDENTITY: ApiIdentity = {
  region: 'us-east-1',
  accountId: '123456789012',
  apiId: 'local',
  stage: 'local',
};

export function methodArn(api: ApiIdentity, httpMethod: string, path: string): string {
  return `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stage}/${httpMethod}/${path.replace(/^\//, '')}`;
}
