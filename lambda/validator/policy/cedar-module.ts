// The Cedar WASM module (Node build), required on first use rather than imported: only a service that
// builds a Cedar policy pays for compiling it (about 4 MB of WASM) at cold start, and only its bundle
// contains it. The Node build reads `cedar_wasm_bg.wasm` from beside itself, so the bundler copies that
// file next to a handler that includes it (scripts/bundle-handlers.ts).
import { setFlagsFromString } from 'node:v8';
import type * as CedarWasm from '@cedar-policy/cedar-wasm/nodejs';
import { ConfigError } from '../../shared/errors';

export type Cedar = typeof CedarWasm;

let cedar: Cedar | undefined;

/**
 * V8 11 (Node 20) crashes the process ("unreachable code" in Deoptimizer::DoComputeBuiltinContinuation)
 * when optimized code that inlined a JS-to-WASM call is deoptimized while that call is still running,
 * which Cedar's calls invite: its WASM calls back into JavaScript (JSON.stringify of the request,
 * JSON.parse of the answer), where a GC or a changed object shape can invalidate the caller's code.
 * bench/repro/cedar-lazy-deopt.ts shows it; V8 12 (Node 22) and 13 (Node 24) do not crash. Turning off only
 * that inlining, before Cedar's first call, avoids it; the call costs the same within measurement.
 */
export function avoidJsToWasmInliningCrash(v8Version = process.versions.v8): boolean {
  if (Number.parseInt(v8Version, 10) >= 12) return false;
  setFlagsFromString('--no-turbo-inline-js-wasm-calls');
  return true;
}

export function cedarModule(): Cedar {
  if (!cedar) {
    avoidJsToWasmInliningCrash();
    try {
      cedar = require('@cedar-policy/cedar-wasm/nodejs') as Cedar;
    } catch (error) {
      throw new ConfigError('policy', `Cedar needs the @cedar-policy/cedar-wasm package (${(error as Error).message})`);
    }
  }
  return cedar;
}
