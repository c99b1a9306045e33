#!/usr/bin/env bash
# `npm test`: bundle the handlers (the constructs load them as assets), type-check, then run Jest with
# coverage. The last line is the plain 'N passed, N failed' summary that CI reads.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run --silent bundle || exit 1
npx tsc -p tsconfig.json --noEmit || exit 1
mkdir -p coverage
npx jest --coverage --json --outputFile=coverage/jest-results.json "$@"
status=$?
node -e '
  const r = require("./coverage/jest-results.json");
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' || status=1
exit $status
