import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig, type BudgetSettings } from '../../src/config.js';
import { RateBudgets } from '../../src/interactions/rate-budgets.js';

const settings = (overrides: Partial<BudgetSettings> = {}): BudgetSettings => ({
  user: { burst: 3, perMinute: 6 }, // one token every 10 s
  guild: { burst: 5, perMinute: 60 },
  autocompleteUser: { burst: 2, perMinute: 60 },
  autocompleteGuild: { burst: 100, perMinute: 600 },
  ...overrides,
});

function clocked(overrides: Partial<BudgetSettings> = {}) {
  let now = 1_000_000;
  const budgets = new RateBudgets(settings(overrides), () => now);
  return { budgets, advance: (ms: number) => (now += ms) };
}

describe('RateBudgets', () => {
  it('allows a burst, then one per refill interval, and says how long to wait', () => {
    const { budgets, advance } = clocked();
    expect([1, 2, 3, 4].map(() => budgets.take('interaction', 'u1', null))).toEqual([0, 0, 0, 10]);
    advance(4_000);
    expect(budgets.take('interaction', 'u1', null)).toBe(6); // 0.4 of a token: 6 s to go
    advance(6_000);
    expect(budgets.take('interaction', 'u1', null)).toBe(0);
    expect(budgets.take('interaction', 'u1', null)).toBe(10);
    // A minute idle refills to the burst, never beyond.
    advance(600_000);
    expect([1, 2, 3, 4].map(() => budgets.take('interaction', 'u1', null))).toEqual([0, 0, 0, 10]);
  });

  it("charges the guild too, and a member over budget takes nothing from the guild's", () => {
    const { budgets } = clocked();
    for (let i = 0; i < 3; i++) expect(budgets.take('interaction', 'flooder', 'g')).toBe(0);
    // Refused by its own bucket: the guild's five keep their remaining two.
    for (let i = 0; i < 10; i++) expect(budgets.take('interaction', 'flooder', 'g')).toBeGreaterThan(0);
    expect(budgets.take('interaction', 'a', 'g')).toBe(0);
    expect(budgets.take('interaction', 'b', 'g')).toBe(0);
    // The guild's bucket is now empty (one a second refills it): a third member waits.
    expect(budgets.take('interaction', 'c', 'g')).toBe(1);
    // Another guild, and DMs, are not affected.
    expect(budgets.take('interaction', 'c', 'other')).toBe(0);
    expect(budgets.take('interaction', 'd', null)).toBe(0);
  });

  it('keeps autocomplete apart from commands and buttons', () => {
    const { budgets } = clocked();
    expect([1, 2, 3].map(() => budgets.take('autocomplete', 'u', 'g'))).toEqual([0, 0, 1]);
    expect(budgets.take('interaction', 'u', 'g')).toBe(0);
  });

  it('does not limit a budget of 0 per minute', () => {
    const { budgets } = clocked({ user: { burst: 1, perMinute: 0 }, guild: { burst: 1, perMinute: 0 } });
    for (let i = 0; i < 1000; i++) expect(budgets.take('interaction', 'u', 'g')).toBe(0);
    expect(budgets.size).toBe(0);
  });

  it('forgets full buckets once it holds over 10,000', () => {
    const { budgets, advance } = clocked();
    for (let i = 0; i <= 10_000; i++) budgets.take('interaction', `u${i}`, null);
    expect(budgets.size).toBe(10_001);
    advance(60_000); // every bucket is full again
    budgets.take('interaction', 'late', null);
    expect(budgets.size).toBe(1);
  });

  it('never allows more than the burst plus the refill over any span (property)', () => {
    const budget = fc.record({ burst: fc.integer({ min: 1, max: 10 }), perMinute: fc.integer({ min: 1, max: 120 }) });
    const gaps = fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(budget, gaps, (user, steps) => {
        const { budgets, advance } = clocked({ user });
        const allowedAt: number[] = [];
        let elapsed = 0;
        for (const gap of steps) {
          elapsed += gap;
          advance(gap);
          if (budgets.take('interaction', 'u', null) === 0) allowedAt.push(elapsed);
        }
        for (let i = 0; i < allowedAt.length; i++)
          for (let j = i; j < allowedAt.length; j++) {
            const span = (allowedAt[j] as number) - (allowedAt[i] as number);
            expect(j - i + 1).toBeLessThanOrEqual(user.burst + Math.floor((span / 60_000) * user.perMinute + 1e-9));
          }
      }),
    );
  });
});

describe('BUDGET_* settings', () => {
  it('default to 20 a minute with a burst of 8 per member, and read "N/min, burst B" or 0', () => {
    expect(parseConfig({}).budgets).toEqual({
      user: { perMinute: 20, burst: 8 },
      guild: { perMinute: 120, burst: 40 },
      autocompleteUser: { perMinute: 60, burst: 10 },
      autocompleteGuild: { perMinute: 600, burst: 100 },
    });
    expect(parseConfig({ BUDGET_USER: '5/min, burst 2', BUDGET_GUILD: '0' }).budgets).toMatchObject({
      user: { perMinute: 5, burst: 2 },
      guild: { perMinute: 0 },
    });
    expect(() => parseConfig({ BUDGET_USER: 'lots' })).toThrow('BUDGET_USER: must be a rate such as "20/min, burst 8", or 0 for no limit');
    expect(() => parseConfig({ BUDGET_USER: '5/min, burst 0' })).toThrow('BUDGET_USER');
  });
});
