// The Cedar WASM module (Node build), required on first use rather than imported: only a service that
// builds a Cedar policy pays for compiling it (about 4 MB of WASM) at cold start, and only its bundle
// contains it. The Node build reads `cedar_wasm_bg.wasm` from beside itself, so the bundler copies that
// file next to a handler that includes it (scripts/bundle-handlers.ts).
import type * as CedarWasm from '@cedar-policy/cedar-wasm/nodejs';
import { ConfigError } from '../../shared/errors';

export type Cedar = typeof CedarWasm;

let cedar: Cedar | undefined;

export function cedarModule(): Cedar {
  if (!cedar) {
    try {
      cedar = require('@cedar-policy/cedar-wasm/nodejs') as Cedar;
    } catch (error) {
      throw new ConfigError('policy', `Cedar needs the @cedar-policy/cedar-wasm package (${(error as Error).message})`);
    }
  }
  return cedar;
}
