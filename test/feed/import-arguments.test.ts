import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_DAYS, addDays, parseImportArguments } from '../../src/feed/import-arguments.js';

const NOW = new Date('2026-08-22T15:00:00Z');
const DEFAULTS: { digestDir: string; dataDir: string; feedUrl: string | undefined } = { digestDir: 'seeds', dataDir: 'data', feedUrl: undefined };
const parse = (args: string, defaults: Partial<typeof DEFAULTS> = {}) =>
  parseImportArguments(args.split(' ').filter(Boolean), { ...DEFAULTS, ...defaults }, NOW);

describe('parseImportArguments', () => {
  it('defaults --to to yesterday (UTC), the folders to the config, and the URL to Hugging Face', () => {
    const plan = parse('--from 2026-08-18');
    expect(plan).toEqual({
      days: ['2026-08-18', '2026-08-19', '2026-08-20', '2026-08-21'],
      digestDir: 'seeds',
      dataDir: 'data',
      baseUrl: 'https://huggingface.co/api/daily_papers',
    });
  });

  it('takes --to, --dir and --data, and drops the query of FEED_URL', () => {
    const plan = parse('--from 2026-02-27 --to 2026-03-01 --dir /srv/digest --data /srv/data', {
      feedUrl: 'http://127.0.0.1:8080/api/daily_papers?date=2026-01-01#x',
    });
    // 2026 is not a leap year: 27 Feb, 28 Feb, 1 Mar.
    expect(plan).toEqual({
      days: ['2026-02-27', '2026-02-28', '2026-03-01'],
      digestDir: '/srv/digest',
      dataDir: '/srv/data',
      baseUrl: 'http://127.0.0.1:8080/api/daily_papers',
    });
  });

  it('accepts exactly the largest range and refuses one day more', () => {
    const from = addDays('2026-08-21', -(MAX_IMPORT_DAYS - 1));
    expect(parse(`--from ${from}`).days).toHaveLength(MAX_IMPORT_DAYS);
    expect(() => parse(`--from ${addDays(from, -1)}`)).toThrow(`${addDays(from, -1)} to 2026-08-21 is 1099 days; import at most 1098 days (3 years) per run`);
  });

  it.each([
    ['', '--from is required: the first day to import, as YYYY-MM-DD'],
    ['--from 2026-8-1', '--from "2026-8-1" is not a day written YYYY-MM-DD'],
    ['--from 2026-02-29', '--from "2026-02-29" is not a day written YYYY-MM-DD'],
    ['--from 2026-08-01 --to yesterday', '--to "yesterday" is not a day written YYYY-MM-DD'],
    ['--from 2026-08-21 --to 2026-08-01', '--from 2026-08-21 is after --to 2026-08-01'],
    ['--from 2026-08-22', '--from 2026-08-22 is after --to 2026-08-21'],
    [
      '--from 2026-08-01 --to 2026-08-22',
      "--to 2026-08-22 is not before today (2026-08-22, UTC): a day's listing grows until the day is over, and a saved day is never fetched again",
    ],
    ['--from 2026-08-01 --dir', "Option '--dir <value>' argument missing"],
    ['--from 2026-08-01 --since 2026-01-01', "Unknown option '--since'"],
    ['2026-08-01', 'Unexpected argument'],
  ])('%j → %s', (args, message) => {
    expect(() => parse(args)).toThrow(expect.objectContaining({ name: 'UsageError', message: expect.stringContaining(message) }));
  });
});
