import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { HfLookupCap, LOOKUP_CAP_WINDOW_MS } from '../../src/unfurl/hf-lookup-cap.js';

describe('HfLookupCap', () => {
  it('allows the n-th lookup in a minute, refuses the n+1-th, and allows n again a minute later', () => {
    let now = 1_000;
    const cap = new HfLookupCap(20, () => now);
    expect(Array.from({ length: 20 }, () => cap.take())).toEqual(Array<boolean>(20).fill(true));
    expect(cap.take()).toBe(false);
    // 1 ms before the minute is up the places are still taken; refusals take none.
    now = 1_000 + 59_999;
    expect(cap.take()).toBe(false);
    now = 1_000 + 60_000;
    expect(Array.from({ length: 21 }, () => cap.take())).toEqual([...Array<boolean>(20).fill(true), false]);
  });

  it('frees each place 60 s after it was taken, not all at once (a sliding window)', () => {
    let now = 0;
    const cap = new HfLookupCap(2, () => now);
    expect(cap.take()).toBe(true); // at 0
    now = 30_000;
    expect(cap.take()).toBe(true); // at 30 s
    expect(cap.take()).toBe(false);
    // A fixed window starting at 0 would allow two here; only the place taken at 0 is free.
    now = 60_000;
    expect([cap.take(), cap.take()]).toEqual([true, false]);
    now = 89_999;
    expect(cap.take()).toBe(false);
    now = 90_000;
    expect([cap.take(), cap.take()]).toEqual([true, false]);
  });

  it('with 0 a minute, allows no lookup at all', () => {
    let now = 0;
    const cap = new HfLookupCap(0, () => now);
    expect(cap.take()).toBe(false);
    now = 10 * LOOKUP_CAP_WINDOW_MS;
    expect(cap.take()).toBe(false);
  });

  it('never allows more than n in any 60 s, and refuses only when n were allowed in the 60 s before', () => {
    // A model check: whatever the timing of the asks, the cap answers as a list of every
    // allowed time would.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: 0, max: 40_000 }), { maxLength: 60 }), (perMinute, gaps) => {
        let now = 0;
        const cap = new HfLookupCap(perMinute, () => now);
        const allowed: number[] = [];
        for (const gap of gaps) {
          now += gap;
          const inWindow = allowed.filter((at) => now - at < LOOKUP_CAP_WINDOW_MS).length;
          expect(cap.take()).toBe(inWindow < perMinute);
          if (inWindow < perMinute) allowed.push(now);
        }
      }),
    );
  });
});

describe('UNFURL_LOOKUPS_PER_MINUTE', () => {
  it('defaults to 20, takes 0 to 1000, and refuses anything else with the variable named', () => {
    expect(parseConfig({}).unfurlLookupsPerMinute).toBe(20);
    expect(parseConfig({ UNFURL_LOOKUPS_PER_MINUTE: '0' }).unfurlLookupsPerMinute).toBe(0);
    expect(parseConfig({ UNFURL_LOOKUPS_PER_MINUTE: ' 1000 ' }).unfurlLookupsPerMinute).toBe(1000);
    for (const bad of ['-1', '1001', '2.5', 'lots']) expect(() => parseConfig({ UNFURL_LOOKUPS_PER_MINUTE: bad }), bad).toThrow(/UNFURL_LOOKUPS_PER_MINUTE: /);
  });
});
