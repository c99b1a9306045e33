// Every problem with the HTTP API gateway's props, thrown at once under the gateway's path, before any
// resource is made. The props it shares with the REST gateway are judged by the same code.
import { mutualTlsDomainProblems, mutualTlsHttpApiProblem } from '../mutual-tls-domain';
import { PropProblems } from '../prop-problems';
import { httpApiBackendProblems } from '../service/service-problems';
import { commonGatewayProblems, existingApiConflicts } from './gateway-problems';
import type { PhantomTokenHttpGatewayProps } from './http-gateway-options';

export function validateHttpGatewayProps(problems: PropProblems, props: PhantomTokenHttpGatewayProps): void {
  problems.exclusive({ existingHttpApi: props.existingHttpApi, httpApiProps: props.httpApiProps });
  if (props.existingHttpApi) existingApiConflicts(problems, 'existingHttpApi', 'an HttpApi', props);
  if (props.httpApiProps?.defaultIntegration) {
    problems.add('httpApiProps.defaultIntegration', 'must not be set: it makes a $default route, which answers every path no route names and bypasses the route table; name each route in services');
  }
  if (props.httpApiProps?.createDefaultStage) {
    problems.add('httpApiProps.createDefaultStage', 'must not be true: the gateway makes the $default stage itself, with access logs and throttling');
  }
  if (props.webAcl !== undefined) {
    problems.add('webAcl', 'is not available on an HTTP API (AWS WAF cannot be associated with one): put a CloudFront distribution with a WAF web ACL (scope CLOUDFRONT) in front of the API, or use PhantomTokenGateway (REST), which takes webAcl');
  }
  if (props.mutualTls) {
    mutualTlsDomainProblems(problems.prefixed('mutualTls.'), props.mutualTls);
    const notHere = props.existingHttpApi && mutualTlsHttpApiProblem(props.existingHttpApi);
    if (notHere) problems.add('existingHttpApi, mutualTls', `conflict: existingHttpApi ${notHere}`);
    if (props.httpApiProps?.disableExecuteApiEndpoint === false) {
      problems.add('httpApiProps.disableExecuteApiEndpoint, mutualTls', 'conflict: with mutualTls the execute-api endpoint is disabled, or callers could bypass mutual TLS');
    }
  }
  commonGatewayProblems(problems, props, httpApiBackendProblems);
  problems.throwIfAny();
}
