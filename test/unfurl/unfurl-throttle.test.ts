import { describe, expect, it } from 'vitest';
import { UnfurlThrottle } from '../../src/unfurl/unfurl-throttle.js';

describe('UnfurlThrottle', () => {
  it('allows one reply per channel per cooldown, channels apart', () => {
    let now = 0;
    const throttle = new UnfurlThrottle(30_000, 3_600_000, () => now);
    expect(throttle.take('a')).toBe(true);
    expect(throttle.take('a')).toBe(false);
    expect(throttle.take('b')).toBe(true);
    now = 29_999;
    expect(throttle.take('a')).toBe(false);
    now = 30_000;
    expect(throttle.take('a')).toBe(true);
  });

  it('with no cooldown, always allows', () => {
    const throttle = new UnfurlThrottle(0, 3_600_000, () => 0);
    expect([throttle.take('a'), throttle.take('a')]).toEqual([true, true]);
  });

  it('leaves out papers unfurled in the channel within the hour, in order, and only in that channel', () => {
    let now = 0;
    const throttle = new UnfurlThrottle(0, 3_600_000, () => now);
    throttle.remember('a', ['2401.00001']);
    expect(throttle.fresh('a', ['2401.00002', '2401.00001', '2401.00003'])).toEqual(['2401.00002', '2401.00003']);
    expect(throttle.fresh('b', ['2401.00001'])).toEqual(['2401.00001']);
    now = 3_600_000;
    expect(throttle.fresh('a', ['2401.00001'])).toEqual(['2401.00001']);
  });
});
