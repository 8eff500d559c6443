import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';
import { CallBudget } from '../../src/llm/call-budget.js';

const MINUTE = 60_000;

describe('CallBudget', () => {
  it('allows perHour calls in any sliding hour, and one more as each hour-old call ages out', () => {
    let now = 0;
    const budget = new CallBudget(3, () => now);
    // Three calls at 0, 10 and 20 minutes; the fourth, at 30, is over.
    const taken = [0, 10, 20, 30].map((minute) => ((now = minute * MINUTE), budget.take()));
    expect(taken).toEqual([true, true, true, false]);
    // At 59:59 the call of minute 0 is still within the hour; at 60:00 it is not.
    now = 60 * MINUTE - 1000;
    expect(budget.take()).toBe(false);
    now = 60 * MINUTE;
    expect(budget.take()).toBe(true);
    // That took the freed place: the next is over until minute 70 frees another.
    expect(budget.take()).toBe(false);
    now = 70 * MINUTE;
    expect(budget.take()).toBe(true);
  });

  it('counts refused calls as nothing: refusals do not push the next free place back', () => {
    let now = 0;
    const budget = new CallBudget(1, () => now);
    expect(budget.take()).toBe(true);
    for (let minute = 1; minute < 60; minute++) {
      now = minute * MINUTE;
      expect(budget.take()).toBe(false);
    }
    now = 60 * MINUTE;
    expect(budget.take()).toBe(true);
  });

  it('has no cap at 0', () => {
    const budget = new CallBudget(0, () => 0);
    expect(Array.from({ length: 1000 }, () => budget.take()).every(Boolean)).toBe(true);
  });
});

describe('LLM_MAX_CALLS_PER_HOUR', () => {
  const model = (extra: Record<string, string> = {}) => parseConfig({ LLM_BASE_URL: 'http://127.0.0.1:9', LLM_MODEL: 'm', ...extra }).model;

  it('caps model calls at 120 an hour unless told otherwise; 0 is no cap', () => {
    expect(model()?.maxCallsPerHour).toBe(120);
    expect(model({ LLM_MAX_CALLS_PER_HOUR: '30' })?.maxCallsPerHour).toBe(30);
    expect(model({ LLM_MAX_CALLS_PER_HOUR: '0' })?.maxCallsPerHour).toBe(0);
  });

  it.each(['-1', '1.5', 'lots', '100001'])('refuses %s', (value) => {
    expect(() => model({ LLM_MAX_CALLS_PER_HOUR: value })).toThrow(ConfigError);
    expect(() => model({ LLM_MAX_CALLS_PER_HOUR: value })).toThrow(/LLM_MAX_CALLS_PER_HOUR/);
  });
});
