export { answerFor, errorToThrow, AuthorizerFailure, type Verdict } from './answers';
export { restPolicy, routeArn, type RestPolicy } from './rest-policy';
export { policyAllows, iamPatternMatches, type PolicyStatement } from './iam-match';
