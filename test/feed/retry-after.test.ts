import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/feed/retry-after.js';

const NOW = new Date('1994-11-06T08:49:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
    // Optional whitespace around a field value is not part of it (RFC 9110 §5.5).
    expect(parseRetryAfter(' 5 ', NOW)).toBe(5000);
  });

  it('reads all three HTTP-date forms, 37 s after NOW', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(37_000); // IMF-fixdate
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(37_000); // RFC 850
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', NOW)).toBe(37_000); // asctime, space-padded day
    expect(parseRetryAfter('Sun Nov 16 08:49:37 1994', NOW)).toBe(37_000 + 10 * 86_400_000);
  });

  it('reads a later day and month correctly (no off-by-one month)', () => {
    expect(parseRetryAfter('Thu, 01 Dec 1994 00:00:00 GMT', NOW)).toBe(Date.parse('1994-12-01T00:00:00Z') - NOW.getTime());
  });

  it('turns a past date into 0, not a negative wait', () => {
    expect(parseRetryAfter('Sat, 05 Nov 1994 08:49:37 GMT', NOW)).toBe(0);
  });

  it('reads a two-digit year as RFC 9110 says: more than 50 years ahead means the past century', () => {
    const now = new Date('2026-08-21T00:00:00Z');
    // 27 → 2027 (one year ahead), 94 → 1994 (2094 would be 68 years ahead): in the past, so 0.
    expect(parseRetryAfter('Friday, 01-Jan-27 00:00:00 GMT', now)).toBe(Date.parse('2027-01-01T00:00:00Z') - now.getTime());
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(0);
  });

  it('rejects garbage, negatives and days that do not exist', () => {
    for (const value of [
      null,
      '',
      'soon',
      '-5',
      '1.5',
      '1e3',
      '0x10',
      'Sun, 31 Feb 1994 08:49:37 GMT', // no 31 February
      'Sun, 06 Nov 1994 24:00:00 GMT',
      'Sun, 06 Nov 1994 08:49:37 UTC', // HTTP-dates are GMT
      'Sun, 6 Nov 1994 08:49:37 GMT', // IMF-fixdate has a two-digit day
      '1994-11-06T08:49:37Z', // ISO 8601 is not an HTTP-date
      'Sun, 06 Foo 1994 08:49:37 GMT',
    ]) {
      expect(parseRetryAfter(value, NOW), String(value)).toBeNull();
    }
  });

  it('property: any non-negative integer of seconds round-trips', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000_000_000 }), (seconds) => {
        expect(parseRetryAfter(String(seconds), NOW)).toBe(seconds * 1000);
      }),
    );
  });

  it('property: any Date written by toUTCString() parses to within 1 s of it', () => {
    const dates = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(
      fc.property(dates, dates, (at, now) => {
        const waited = parseRetryAfter(at.toUTCString(), now);
        expect(waited).not.toBeNull();
        const exact = Math.max(0, at.getTime() - now.getTime());
        // toUTCString drops the milliseconds, so the wait may be up to 999 ms short.
        expect(exact - (waited as number)).toBeGreaterThanOrEqual(0);
        expect(exact - (waited as number)).toBeLessThan(1000);
      }),
    );
  });

  it('property: never throws, and answers null or a non-negative number', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const waited = parseRetryAfter(value, NOW);
        expect(waited === null || waited >= 0).toBe(true);
      }),
    );
  });
});
