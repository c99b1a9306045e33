// Reproduces a V8 11 (Node 20) fatal error: optimized code that inlined a JS-to-WASM call is deoptimized
// while that call runs. Cedar's WASM calls back into JavaScript (JSON.stringify of the request); here the
// request's `toJSON` changes a field the optimized caller relies on, as a GC or a new object shape can in a
// loaded process. On Node 20 this dies within seconds with "unreachable code" in
// Deoptimizer::DoComputeBuiltinContinuation; Node 22 and 24 finish.
//   node --import tsx bench/repro/cedar-lazy-deopt.ts                     the Cedar module as installed
//   node --import tsx bench/repro/cedar-lazy-deopt.ts --with-workaround   through cedarModule(), which turns
//                                                                         off JS-to-WASM inlining on V8 11
// Exits 0 with "no crash" when it survives the rounds (200 by default: --rounds N).
import { cedarModule } from '../../lambda/validator/policy/cedar-module';

const argv = process.argv.slice(2);
const rounds = argv.includes('--rounds') ? Number(argv[argv.indexOf('--rounds') + 1]) : 200;
const cedar = argv.includes('--with-workaround') ? cedarModule() : (require('@cedar-policy/cedar-wasm/nodejs') as ReturnType<typeof cedarModule>);
cedar.preparsePolicySet('repro', { staticPolicies: { a: 'permit(principal, action, resource) when { context.scopes.contains("x") };' } });

const principal = { type: 'User', id: 'u' };
const action = { type: 'Action', id: 'a' };
const resource = { type: 'Resource', id: 'r' };
const holder: { field: unknown } = { field: 1 };
let round = 0;
let invalidate = false;
const context = {
  scopes: ['x'],
  toJSON(): object {
    if (invalidate) {
      invalidate = false;
      holder.field = round % 2 ? 1.5 + round : { round };
    }
    return { scopes: this.scopes };
  },
};

function decide(): number {
  const answer = cedar.statefulIsAuthorized({ principal, action, resource, context: context as never, entities: [], preparsedPolicySetId: 'repro' });
  const decided = answer.type === 'success' ? answer.response.decision.length : 0;
  return decided + (typeof holder.field === 'number' ? holder.field : 0);
}

let sum = 0;
for (round = 0; round < rounds; round++) {
  for (let i = 0; i < 3000; i++) sum += decide();
  invalidate = true;
  sum += decide();
  holder.field = round;
}
console.log(`${process.version} (V8 ${process.versions.v8}): ${rounds} rounds, no crash (checksum ${sum})`);
