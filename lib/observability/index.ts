export * from './authorizer-metrics';
export * from './gateway-metrics';
export * from './operations-views';
export * from './phantom-token-alarms';
export * from './phantom-token-dashboard';
export * from './http-gateway-metrics';
