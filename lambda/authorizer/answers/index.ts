export { answerFor, answerWithOutcome, errorToThrow, AuthorizerFailure, type Verdict } from './answers';
export { restPolicy, routeArn, type RestPolicy } from './rest-policy';
export { policyAllows, iamPatternMatches, hasIamPatternSyntax, type PolicyStatement } from './iam-match';
