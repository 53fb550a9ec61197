import type { BudgetVerdict } from '../src/server/sources/redis/probe/latency-budget';

type Said = 'over' | 'room' | 'within' | 'unknown' | { over: number };

/** A latency budget that gives the verdicts it is told, then `unknown`; `{ over: n }` calls for n halvings. */
export const toldBudget = (said: Said[]) => ({
  verdict: (): BudgetVerdict => {
    const next = said.shift() ?? 'unknown';
    if (next === 'over') return { kind: 'over', halvings: 1 };
    return typeof next === 'object' ? { kind: 'over', halvings: next.over } : { kind: next };
  },
});
