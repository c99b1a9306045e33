// The example streaming API behind the gateway: playing a stream and reading its metadata are separate
// scopes, enforced here even though the gateway already required some `video_*` scope.
import { createJwtValidator, dispatchRoutes, withJwtValidation, type ApiGatewayProxyResult, type JwtValidator, type ProxyHandler, type ValidatorOptions } from '../validator';
import { findStream } from './stream-catalog';

function json(statusCode: number, body: unknown): ApiGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

const NOT_FOUND = { error: 'not_found', error_description: 'no such stream' };

export function createStreamsHandler(options: ValidatorOptions | JwtValidator): ProxyHandler {
  const validator = 'verify' in options ? options : createJwtValidator(options);
  return dispatchRoutes({
    'GET /streams/{id}': withJwtValidation(
      { scopes: { anyOf: ['video_stream'] } },
      async ({ request }) => {
        const stream = findStream(request.pathParameters.id);
        return stream ? json(200, { id: stream.id, title: stream.title, manifestUrl: stream.manifestUrl }) : json(404, NOT_FOUND);
      },
      validator,
    ),
    'GET /streams/{id}/metadata': withJwtValidation(
      { scopes: { anyOf: ['video_metadata'] } },
      async ({ request }) => {
        const stream = findStream(request.pathParameters.id);
        if (!stream) return json(404, NOT_FOUND);
        const { id, title, durationSeconds, codec, resolution } = stream;
        return json(200, { id, title, durationSeconds, codec, resolution });
      },
      validator,
    ),
  }, validator);
}
