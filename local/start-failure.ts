// The one line `npm start` prints when it cannot start, naming what to change.
import { isPhantomTokenError } from '../lambda/shared/errors';
import { PortInUseError } from './listen';
import { START_ENV } from './start-settings';

const PORT_VARIABLES = { gateway: START_ENV.gatewayPort, as: START_ENV.asPort } as const;

export function startFailureMessage(error: unknown): string {
  let message: string;
  if (error instanceof PortInUseError) {
    const variable = error.component ? PORT_VARIABLES[error.component] : undefined;
    message = `error: port ${error.port} is already in use${variable ? `; set ${variable} to a free port` : ''}`;
  } else if (isPhantomTokenError(error)) {
    message = `error: ${error.message}`;
  } else {
    message = `error: local mode failed to start: ${(error as Error)?.message ?? String(error)}`;
  }
  return message.replace(/\s*\n\s*/g, ' ');
}
