import { leadingAnnotations, splitCedarPolicies } from '../../../lambda/shared/cedar-policy-text';

describe('splitCedarPolicies', () => {
  it('ends each policy at a top-level ";", not inside a string or a comment, and knows where each starts', () => {
    const file = '// header; not a policy\n@id("a") permit(principal, action == Action::"GET /a;b", resource) when { context.p == "x\\";y" };\n\n  forbid(principal, action, resource); // trailing; comment\n';
    const parts = splitCedarPolicies(file);
    expect(parts.map(({ text }) => text)).toEqual([
      '@id("a") permit(principal, action == Action::"GET /a;b", resource) when { context.p == "x\\";y" };',
      'forbid(principal, action, resource);',
    ]);
    expect(parts.map(({ start }) => file.slice(0, start).split('\n').length)).toEqual([2, 4]);
  });

  it('keeps text that does not end in ";" as a last part (Cedar then reports it), and finds nothing in comments alone', () => {
    expect(splitCedarPolicies('permit(principal, action, resource);\npermit(principal').map(({ text }) => text)).toEqual(['permit(principal, action, resource);', 'permit(principal']);
    expect(splitCedarPolicies('// only a comment\n\n')).toEqual([]);
  });
});

describe('leadingAnnotations', () => {
  it('reads every annotation in front of the policy, with escapes, with or without a value', () => {
    expect(leadingAnnotations('@id("read \\"own\\"")\n// a comment\n@claim("subscriber_id")\n@flag\npermit(principal, action, resource) when { "@id(\\"no\\")" == "" };')).toEqual({
      id: 'read "own"',
      claim: 'subscriber_id',
      flag: '',
    });
    expect(leadingAnnotations('permit(principal, action, resource);')).toEqual({});
  });
});
