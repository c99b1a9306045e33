// The invocation's budget and the race against it, without a network.
import { isPhantomTokenError } from '../../../lambda/shared/errors';
import { decisionBudgetMs, DECISION_LINE_MARGIN_MS, GATEWAY_AUTHORIZER_LIMIT_MS, isBudgetExhausted, withinBudget } from '../../../lambda/authorizer/deadline';

describe('decisionBudgetMs', () => {
  it.each([
    ['no context: API Gateway limit less the margin', undefined, GATEWAY_AUTHORIZER_LIMIT_MS - DECISION_LINE_MARGIN_MS],
    ['a context without getRemainingTimeInMillis', { awsRequestId: 'r' }, GATEWAY_AUTHORIZER_LIMIT_MS - DECISION_LINE_MARGIN_MS],
    ['3 s remaining', { getRemainingTimeInMillis: () => 3000 }, 3000 - DECISION_LINE_MARGIN_MS],
    ['more than API Gateway waits', { getRemainingTimeInMillis: () => 60_000 }, GATEWAY_AUTHORIZER_LIMIT_MS - DECISION_LINE_MARGIN_MS],
    ['less than the margin', { getRemainingTimeInMillis: () => 100 }, 0],
    ['a nonsense figure', { getRemainingTimeInMillis: () => Number.NaN }, GATEWAY_AUTHORIZER_LIMIT_MS - DECISION_LINE_MARGIN_MS],
  ])('%s', (_name, context, expected) => {
    expect(decisionBudgetMs(context)).toBe(expected);
  });
});

describe('withinBudget', () => {
  const after = <T>(ms: number, settle: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(settle()), ms));

  it('passes a result that comes in time', async () => {
    await expect(withinBudget(after(5, () => 'done'), 500)).resolves.toBe('done');
  });

  it('passes the work\'s own failure through unchanged', async () => {
    const failure = new Error('own');
    await expect(withinBudget(Promise.reject(failure), 500)).rejects.toBe(failure);
  });

  it('answers ERR_AS_UNAVAILABLE of kind timeout when the budget runs out first', async () => {
    const error = await withinBudget(after(300, () => 'late'), 20).catch((caught: unknown) => caught);
    expect(isPhantomTokenError(error) && error.code).toBe('ERR_AS_UNAVAILABLE');
    expect(isPhantomTokenError(error) && error.status).toBe(503);
    expect(isPhantomTokenError(error) && error.detail).toMatchObject({ kind: 'timeout', deadline: true, budgetMs: 20 });
    expect(isBudgetExhausted(error)).toBe(true);
  });

  it('a late rejection of the abandoned work is not an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const work = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 60));
      await expect(withinBudget(work, 10)).rejects.toMatchObject({ code: 'ERR_AS_UNAVAILABLE' });
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('a budget of 0 still lets already-settled work through', async () => {
    await expect(withinBudget(Promise.resolve('ready'), 0)).resolves.toBe('ready');
  });

  it('does not count an AS call\'s own failure as the deadline', () => {
    expect(isBudgetExhausted(new Error('x'))).toBe(false);
  });
});
