import { LOCAL_API_IDENTITY, methodArn } from '../../../local/gateway/local-api';

const ARN_PREFIX = 'arn:aws:execute-api:us-east-1:123456789012:local/local';

describe('methodArn', () => {
  it('builds the ARN API Gateway passes for a concrete path', () => {
    expect(methodArn(LOCAL_API_IDENTITY, 'GET', '/invoices/inv-1001')).toBe(`${ARN_PREFIX}/GET/invoices/inv-1001`);
    expect(methodArn(LOCAL_API_IDENTITY, 'POST', '/')).toBe(`${ARN_PREFIX}/POST/`);
  });
});
