export { handler, createAuthorizerHandler, type AuthorizerHandler } from './handler';
export { AuthorizerFailure } from './answers/answers';
export type { AuthorizerEvent, AuthorizerResult, AuthorizerDeps, AuthorizerContextValues } from './types';
