// What a Cedar policy set can read, found from its text: per variable, `has` paths, indexing, escapes, reads
// on computed values, context used whole, and the proof that matters: Cedar gives the same answer
// (decision, reasons, erroring policies) on the trimmed request as on the whole one.
import fc from 'fast-check';
import { cedarRequest } from '../../../../lambda/validator/cedar';
import { ALL_ATTRIBUTES, cedarAttributeReads, type CedarAttributeReads } from '../../../../lambda/validator/policy/cedar-attribute-reads';
import { cedarModule } from '../../../../lambda/validator/policy/cedar-module';
import { authorizationModel } from '../../../../lambda/validator/policy/entity-mapping';
import { INVOICE_1001, INVOICE_2002, policyRequest, type RequestShape } from './policy-fixtures';

const cedar = cedarModule();
const reads = (...policies: string[]) => cedarAttributeReads(policies);
const sorted = (names: ReadonlySet<string> | undefined) => (names ? [...names].sort() : 'all');
const shape = (found: CedarAttributeReads) => ({ principal: sorted(found.principal), resource: sorted(found.resource), context: sorted(found.context) });

describe('cedarAttributeReads', () => {
  it('keeps, per variable, what `.`, `["..."]` and `has` read; scope constraints read nothing', () => {
    expect(shape(reads(
      'permit(principal in Group::"g", action == Action::"GET /a", resource is Invoice in Folder::"f") when { principal.level > 3 && resource["owner"] == "x" && context has scopes };',
    ))).toEqual({ principal: ['level'], resource: ['owner'], context: ['scopes'] });
  });

  it('reads inside extension calls, `like`, sets and records; a method call is not a read; later steps of a `has` path and `.k` on a record are computed reads', () => {
    expect(shape(reads(
      'permit(principal, action, resource) when { principal has a.b && ip(context.addr).isInRange(ip("10.0.0.0/8")) && resource.name like "x*" && [principal.s].contains(1) && { k: resource.r }.k == 1 };',
    ))).toEqual({ principal: ['a', 'b', 'k', 's'], resource: ['b', 'k', 'name', 'r'], context: ['addr', 'b', 'k'] });
  });

  it('reads names written as strings, escapes decoded; annotations, comments and other strings read nothing', () => {
    expect(shape(reads(
      '// principal.comment\n@id("principal.annotated")\npermit(principal, action == Action::"context.action", resource) when { principal["\\u{6c}evel"] > 3 && resource has "owner" && context.path like "/principal.*" };',
    ))).toEqual({ principal: ['level'], resource: ['owner'], context: ['path'] });
  });

  it('a read on a computed value (a nested record, an if-then-else) keeps that name on every variable', () => {
    expect(shape(reads('permit(principal, action, resource) when { principal.address.city == "x" && (if context.flag then principal else resource).z == 2 };'))).toEqual({
      principal: ['address', 'city', 'z'], resource: ['city', 'z'], context: ['city', 'flag', 'z'],
    });
  });

  it('keeps all of context when context is used as a whole value', () => {
    expect(shape(reads('permit(principal, action, resource) when { context == { scopes: ["a"] } };'))).toMatchObject({ context: 'all' });
    expect(shape(reads('permit(principal, action, resource) when { { c: context }.c has method };'))).toMatchObject({ context: 'all' });
  });

  it('unions the reads of every policy; tags, equality and the action read no attributes', () => {
    expect(shape(reads('permit(principal, action, resource) when { principal.a == 1 };', 'forbid(principal, action, resource) unless { principal.hasTag("t") && principal == resource && action.x == 1 };')))
      .toEqual({ principal: ['a', 'x'], resource: ['x'], context: ['x'] });
  });

  it('trims a set read only by `.contains("literal")` to the literals asked about; any other use keeps it whole', () => {
    const members = (...policies: string[]) => {
      const found = reads(...policies).members;
      return Object.fromEntries(Object.entries(found ?? {}).map(([variable, map]) => [variable, Object.fromEntries([...map].map(([name, set]) => [name, [...set].sort()]))]));
    };
    expect(members(
      'permit(principal, action, resource) when { context.scopes.contains("invoice_read") && context has scopes && principal["groups"].contains("b") };',
      'forbid(principal, action, resource) when { principal.groups.contains("a") && resource.tags.containsAll(["x"]) };',
    )).toEqual({ principal: { groups: ['a', 'b'] }, resource: {}, context: { scopes: ['invoice_read'] } });
    for (const other of ['context.scopes.isEmpty()', 'context.scopes == ["a"]', 'context.scopes.containsAny(["a"])', 'principal.x.scopes.contains("a")', 'context.scopes.contains(principal.s)']) {
      expect(members('permit(principal, action, resource) when { context.scopes.contains("a") };', `permit(principal, action, resource) when { ${other} };`)).toMatchObject({ context: {} });
    }
    expect(members('permit(principal, action, resource) when { context.scopes.contains("a") && context == {} };')).toMatchObject({ context: {} });
  });

  it('keeps everything when a policy cannot be read: an unknown escape, an unterminated string', () => {
    expect(reads('permit(principal, action, resource) when { principal.a == 1 };', 'permit(principal, action, resource) when { principal["\\q"] == 1 };')).toBe(ALL_ATTRIBUTES);
    expect(reads('permit(principal, action, resource) when { principal["a] == 1 };')).toBe(ALL_ATTRIBUTES);
  });
});

describe('cedarAttributeReads: the trimmed request decides as the whole one does', () => {
  const POLICIES = [
    '@id("p1") permit(principal, action, resource) when { context.scopes.contains("invoice_read") && principal has subscriber_id && principal.subscriber_id == resource.subscriberId };',
    '@id("p2") forbid(principal, action, resource) when { resource.amount > 50 };',
    '@id("p3") permit(principal, action, resource) when { principal.level > 3 && context.query has expand };',
    '@id("p4") permit(principal, action, resource) when { resource.pathParameters.id like "inv-*" && principal.email like "*@example.com" };',
    '@id("p5") forbid(principal, action, resource) when { principal has missing.deeper };',
    '@id("p6") permit(principal, action, resource) when { principal.groups.contains("admins") && context.scopes.contains("invoice_write") };',
    '@id("p7") forbid(principal, action, resource) when { principal.groups.containsAny(["banned"]) };',
    '@id("p8") permit(principal, action, resource) when { context == { scopes: ["x"] } || principal["\\u{6c}evel"] == 4 };',
  ];
  const REQUESTS: RequestShape[] = [
    { resource: INVOICE_1001 },
    { resource: INVOICE_2002 },
    { resource: INVOICE_1001, claims: { subscriber_id: undefined } },
    { claims: { level: 4 }, query: { expand: 'x' } },
    { claims: { level: 2, email: 'a@example.com' }, resource: { amount: 10 } },
    { claims: { missing: { deeper: true } } },
    { claims: { groups: ['staff', 'admins', 7], scope: 'invoice_write' } },
    { claims: { groups: ['banned', 'admins'], scope: 'openid invoice_write invoice_read' } },
    { claims: { groups: 'admins' } },
  ];

  it.each(POLICIES.map((_, index) => [index]))('policy set of the first %i + 1 policies', (count) => {
    const policies = POLICIES.slice(0, count + 1);
    const id = `reads-equivalence-${count}`;
    expect(cedar.preparsePolicySet(id, { staticPolicies: Object.fromEntries(policies.map((text, i) => [`p${i + 1}`, text])) })).toEqual({ type: 'success' });
    const found = cedarAttributeReads(policies);
    expect(found).not.toBe(ALL_ATTRIBUTES);
    for (const request of REQUESTS) {
      const model = authorizationModel(policyRequest(request));
      const whole = cedar.statefulIsAuthorized({ ...cedarRequest(model), preparsedPolicySetId: id });
      const trimmed = cedar.statefulIsAuthorized({ ...cedarRequest(model, found), preparsedPolicySetId: id });
      expect(whole.type).toBe('success');
      if (whole.type !== 'success' || trimmed.type !== 'success') throw new Error('Cedar failed');
      expect(trimmed.response.decision).toBe(whole.response.decision);
      expect(trimmed.response.diagnostics.reason.sort()).toEqual(whole.response.diagnostics.reason.sort());
      expect(trimmed.response.diagnostics.errors.map((error) => error.policyId).sort()).toEqual(whole.response.diagnostics.errors.map((error) => error.policyId).sort());
    }
  });
});

describe('cedarAttributeReads: property, on generated policies and requests', () => {
  const NAMES = ['subscriber_id', 'subscriberId', 'groups', 'level', 'scopes', 'query', 'method', 'tags'];
  const LITERALS = ['a', 'admins', 'invoice_read', 'sub-1001', 'GET'];
  const variable = fc.constantFrom('principal', 'resource', 'context');
  const name = fc.constantFrom(...NAMES);
  const literal = fc.constantFrom(...LITERALS);
  const leaf = fc.oneof(
    fc.tuple(variable, name, literal).map(([v, n, l]) => `${v}.${n} == "${l}"`),
    fc.tuple(variable, name).map(([v, n]) => `${v} has ${n}`),
    fc.tuple(variable, name, literal).map(([v, n, l]) => `${v}.${n}.contains("${l}")`),
    fc.tuple(variable, name, literal).map(([v, n, l]) => `${v}["${n}"].containsAny(["${l}"])`),
    fc.tuple(variable, name, name).map(([v, n, m]) => `${v}.${n} has ${m}`),
    fc.tuple(variable, name).map(([v, n]) => `${v}.${n}.isEmpty()`),
    fc.tuple(name, literal).map(([n, l]) => `(if context has query then principal else resource).${n}.contains("${l}")`),
    fc.tuple(variable, name).map(([v, n]) => `${v}.${n} > 2`),
    fc.constantFrom('context == {}', 'context.query == {}', 'principal == resource'),
  );
  const condition = fc.array(fc.tuple(leaf, fc.constantFrom(' && ', ' || ', ' && !')), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.map(([text, join], i) => (i === 0 ? text : `${join}(${text})`)).join(''));
  const policies = fc.array(fc.tuple(fc.constantFrom('permit', 'forbid'), condition), { minLength: 1, maxLength: 3 })
    .map((list) => list.map(([effect, when], i) => `@id("g${i}") ${effect}(principal, action, resource) when { ${when} };`));
  const value = fc.oneof(literal, fc.integer({ min: 0, max: 4 }), fc.subarray(LITERALS), fc.record({ level: fc.integer({ min: 0, max: 4 }), a: literal }, { requiredKeys: [] }));
  const attributes = fc.dictionary(name, value, { maxKeys: 5 });
  const request = fc.record({ claims: attributes, resource: attributes, query: fc.dictionary(name, literal, { maxKeys: 2 }), scope: fc.subarray(LITERALS) });

  it('Cedar answers the trimmed request as it answers the whole one', () => {
    let round = 0;
    fc.assert(
      fc.property(policies, fc.array(request, { minLength: 1, maxLength: 4 }), (texts, requests) => {
        const id = `reads-property-${round++}`;
        if (cedar.preparsePolicySet(id, { staticPolicies: Object.fromEntries(texts.map((text, i) => [`g${i}`, text])) }).type !== 'success') return;
        const found = cedarAttributeReads(texts);
        for (const shape of requests) {
          const model = authorizationModel(policyRequest({ claims: { ...shape.claims, scope: shape.scope.join(' ') }, resource: shape.resource, query: shape.query }));
          const whole = cedar.statefulIsAuthorized({ ...cedarRequest(model), preparsedPolicySetId: id });
          const trimmed = cedar.statefulIsAuthorized({ ...cedarRequest(model, found), preparsedPolicySetId: id });
          if (whole.type !== 'success' || trimmed.type !== 'success') throw new Error('Cedar failed');
          expect(trimmed.response.decision).toBe(whole.response.decision);
          expect([...trimmed.response.diagnostics.reason].sort()).toEqual([...whole.response.diagnostics.reason].sort());
          expect(trimmed.response.diagnostics.errors.map((error) => error.policyId).sort()).toEqual(whole.response.diagnostics.errors.map((error) => error.policyId).sort());
        }
      }),
      { numRuns: 200, seed: 20 },
    );
  });
});
