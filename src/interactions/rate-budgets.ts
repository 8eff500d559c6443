import type { Budget, BudgetSettings } from '../config.js';

export type BudgetKind = 'interaction' | 'autocomplete';

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before full ones (nobody used them for a while) are forgotten. */
const FORGET_ABOVE = 10_000;

/**
 * Token buckets per user and per guild (Discord-free: keyed by ids, with an injectable
 * clock). An interaction costs one token from its user's bucket and one from its guild's
 * (none in DMs); it is refused when either is empty, and then takes nothing from the other,
 * so a member over budget does not use up the guild's. A budget of 0 per minute is no limit.
 */
export class RateBudgets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly settings: BudgetSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for the interaction and returns 0, or returns the whole seconds until it would be allowed. */
  take(kind: BudgetKind, userId: string, guildId: string | null): number {
    const now = this.now();
    const [userBudget, guildBudget] =
      kind === 'autocomplete' ? [this.settings.autocompleteUser, this.settings.autocompleteGuild] : [this.settings.user, this.settings.guild];
    const charges: [string, Budget][] = [[`${kind}:user:${userId}`, userBudget]];
    if (guildId !== null) charges.push([`${kind}:guild:${guildId}`, guildBudget]);
    const buckets = charges.map(([key, budget]) => ({ key, budget, bucket: this.#refilled(key, budget, now) }));
    const wait = Math.max(0, ...buckets.map(({ budget, bucket }) => secondsUntilToken(budget, bucket)));
    if (wait > 0) return wait;
    for (const { key, budget, bucket } of buckets) {
      if (budget.perMinute > 0) this.#buckets.set(key, { tokens: bucket.tokens - 1, at: now });
    }
    if (this.#buckets.size > FORGET_ABOVE) this.#forgetFull(now);
    return 0;
  }

  /** How many buckets it remembers (full ones are dropped once there are over 10,000). */
  get size(): number {
    return this.#buckets.size;
  }

  #refilled(key: string, budget: Budget, now: number): Bucket {
    const bucket = this.#buckets.get(key);
    if (!bucket) return { tokens: budget.burst, at: now };
    const refill = ((now - bucket.at) / 60_000) * budget.perMinute;
    return { tokens: Math.min(budget.burst, bucket.tokens + refill), at: now };
  }

  #forgetFull(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      const budget = this.#budgetOf(key);
      if (bucket.tokens + ((now - bucket.at) / 60_000) * budget.perMinute >= budget.burst) this.#buckets.delete(key);
    }
  }

  #budgetOf(key: string): Budget {
    const [kind, scope] = key.split(':');
    if (kind === 'autocomplete') return scope === 'guild' ? this.settings.autocompleteGuild : this.settings.autocompleteUser;
    return scope === 'guild' ? this.settings.guild : this.settings.user;
  }
}

/** 0 when the bucket holds a whole token (or the budget is unlimited), else the whole seconds until it does. */
function secondsUntilToken(budget: Budget, bucket: Bucket): number {
  if (budget.perMinute <= 0 || bucket.tokens >= 1) return 0;
  return Math.max(1, Math.ceil(((1 - bucket.tokens) / budget.perMinute) * 60));
}
