import { startSettingsFromEnv } from '../../../local/start-settings';

const settingOf = (env: Record<string, string>) => {
  try {
    startSettingsFromEnv(env);
  } catch (error) {
    return { code: (error as { code?: string }).code, setting: (error as { setting?: string }).setting };
  }
  return undefined;
};

describe('startSettingsFromEnv', () => {
  it('defaults to ports 3000 and 4000, accept-jwt, embedded AS and DynamoDB', () => {
    expect(startSettingsFromEnv({})).toEqual({
      gatewayPort: 3000,
      asPort: 4000,
      exchangeMode: 'accept-jwt',
      api: 'rest',
      dynamoDbEndpoint: undefined,
      externalAs: undefined,
      senderConstrained: false,
      mutualTls: false,
    });
  });

  it('reads every variable', () => {
    expect(
      startSettingsFromEnv({
        PORT: '0',
        AS_PORT: '4100',
        PHANTOM_MODE: 'token-exchange',
        PHANTOM_API: 'http',
        DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
        PHANTOM_ISSUER: 'https://as.example.com',
        PHANTOM_CLIENT_ID: 'gw',
        PHANTOM_CLIENT_SECRET: 's',
        PHANTOM_SENDER_CONSTRAINED: '1',
      }),
    ).toEqual({
      gatewayPort: 0,
      asPort: 4100,
      exchangeMode: 'token-exchange',
      api: 'http',
      dynamoDbEndpoint: 'http://127.0.0.1:8000',
      externalAs: { issuer: 'https://as.example.com', clientId: 'gw', clientSecret: 's' },
      senderConstrained: true,
      mutualTls: false,
    });
  });

  it('PHANTOM_MTLS implies sender-constrained tokens; a bad flag names its variable', () => {
    expect(startSettingsFromEnv({ PHANTOM_MTLS: '1' })).toMatchObject({ mutualTls: true, senderConstrained: true });
    expect(settingOf({ PHANTOM_MTLS: 'yes' })).toEqual({ code: 'ERR_CONFIG', setting: 'PHANTOM_MTLS' });
    expect(settingOf({ PHANTOM_SENDER_CONSTRAINED: 'on' })).toEqual({ code: 'ERR_CONFIG', setting: 'PHANTOM_SENDER_CONSTRAINED' });
  });

  it('names the variable at fault', () => {
    expect(settingOf({ PORT: 'eighty' })).toEqual({ code: 'ERR_CONFIG', setting: 'PORT' });
    expect(settingOf({ AS_PORT: '70000' })).toEqual({ code: 'ERR_CONFIG', setting: 'AS_PORT' });
    expect(settingOf({ PHANTOM_MODE: 'magic' })).toEqual({ code: 'ERR_CONFIG', setting: 'PHANTOM_MODE' });
    expect(settingOf({ PHANTOM_API: 'graphql' })).toEqual({ code: 'ERR_CONFIG', setting: 'PHANTOM_API' });
    expect(settingOf({ DYNAMODB_ENDPOINT: 'not a url' })).toEqual({ code: 'ERR_CONFIG', setting: 'DYNAMODB_ENDPOINT' });
    expect(settingOf({ PHANTOM_ISSUER: 'https://as.example.com' })).toEqual({ code: 'ERR_CONFIG', setting: 'PHANTOM_CLIENT_ID' });
    expect(settingOf({ PHANTOM_ISSUER: 'https://as.example.com', PHANTOM_CLIENT_ID: 'gw' })).toEqual({ code: 'ERR_CONFIG', setting: 'PHANTOM_CLIENT_SECRET' });
    expect(settingOf({ PHANTOM_CLIENT_ID: 'gw' })).toEqual({ code: 'ERR_CONFIG', setting: 'PHANTOM_CLIENT_ID' });
  });
});
