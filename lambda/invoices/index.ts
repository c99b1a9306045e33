// Lambda entry point (REST API v1 and HTTP API v2 proxy events); configuration is read from the
// environment once, at cold start.
import { validatorFromEnv } from '../validator';
import { createInvoicesHandler } from './service';

export const handler = createInvoicesHandler(validatorFromEnv());
