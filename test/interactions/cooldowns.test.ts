import { describe, expect, it } from 'vitest';
import { Cooldowns } from '../../src/interactions/cooldowns.js';

/** A clock the test moves by hand, in milliseconds. */
function clock(start = 0) {
  let now = start;
  return { now: () => now, set: (ms: number) => (now = ms) };
}

describe('Cooldowns', () => {
  it('lets a user through, then says how many whole seconds are left, until the period ends', () => {
    const time = clock();
    const cooldowns = new Cooldowns(30, time.now);
    expect(cooldowns.take('a')).toBe(0);
    time.set(1);
    expect(cooldowns.take('a')).toBe(30); // 29.999 s left, rounded up
    time.set(29_000);
    expect(cooldowns.take('a')).toBe(1);
    expect(cooldowns.take('b')).toBe(0); // per user
    time.set(30_000);
    expect(cooldowns.take('a')).toBe(0); // the period has ended exactly
    expect(cooldowns.take('a')).toBe(30);
  });

  it('gives a cooldown back on release', () => {
    const cooldowns = new Cooldowns(30, clock().now);
    expect(cooldowns.take('a')).toBe(0);
    cooldowns.release('a');
    expect(cooldowns.take('a')).toBe(0);
  });

  it('keeps expired entries while it remembers at most 10,000 users', () => {
    const time = clock();
    const cooldowns = new Cooldowns(1, time.now);
    for (let user = 0; user < 5; user++) cooldowns.take(`u${user}`);
    time.set(5_000);
    cooldowns.take('late');
    expect(cooldowns.size).toBe(6);
  });

  it('forgets the expired ones, ended exactly now included, once over 10,000, and keeps those still running', () => {
    const time = clock();
    const cooldowns = new Cooldowns(1, time.now);
    for (let user = 0; user < 9_998; user++) cooldowns.take(`old${user}`); // expire at 1,000 ms
    time.set(500);
    cooldowns.take('running'); // expires at 1,500 ms
    time.set(1_000);
    cooldowns.take('10,000th');
    expect(cooldowns.size).toBe(10_000); // not over the bound yet: nothing forgotten
    cooldowns.take('10,001st');
    // The 9,998 that ended at 1,000 ms are forgotten; three still run.
    expect(cooldowns.size).toBe(3);
    expect(cooldowns.take('running')).toBe(1);
    expect(cooldowns.take('10,000th')).toBe(1);
    expect(cooldowns.take('old0')).toBe(0);
  });
});
