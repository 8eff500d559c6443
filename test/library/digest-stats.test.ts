import { utc } from '@date-fns/utc';
import { addMonths, addWeeks, addYears, format, parseISO } from 'date-fns';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/digest/paper.js';
import { loadDigest } from '../../src/digest/load-digest.js';
import { chooseUnit, digestStats, type DigestStats, type DigestStatsOptions, type PeriodUnit } from '../../src/library/digest-stats.js';
import { loadTopics } from '../../src/library/load-topics.js';
import { compileTopics, topicsOfPaper } from '../../src/library/topics.js';
import { anyPaper } from '../support/arbitraries.js';
import { makePaper } from '../support/make-paper.js';
import { SEEDS_DIR } from '../support/seed-library.js';

const NOW = new Date('2026-08-21T12:00:00Z');
const options = (extra: Partial<DigestStatsOptions> = {}): DigestStatsOptions => ({
  now: NOW,
  title: 'All papers',
  labelsOf: (paper) => paper.keywords,
  ...extra,
});
const dated = (...days: string[]) => days.map((day, i) => makePaper(`p${i}`, day));
const counts = (stats: DigestStats) => stats.perPeriod.map(({ start, count }) => `${start}:${count}`);

const [seed, seedTopics] = await Promise.all([loadDigest(SEEDS_DIR), loadTopics(SEEDS_DIR)]);

describe('digestStats on the seed digest', () => {
  const compiled = compileTopics(seedTopics.topics);
  const names = new Map(seedTopics.topics.map((topic) => [topic.id, topic.name]));
  const topicNames = (paper: Paper) => topicsOfPaper(paper, compiled).map((id) => names.get(id) ?? id);
  const stats = digestStats(seed.papers, options({ labelsOf: topicNames, mixTitle: 'Topics' }));

  it('counts 58 papers from April 2021 to June 2026 by month, one undated', () => {
    // 58 unique papers; "Training Long-Context Vision-Language Models Effectively" has no
    // metadata in the listing, so no date. The oldest is "Frozen in Time" (2104.00650, 1 Apr
    // 2021), the newest InternVideo3 (9 Jun 2026): over 5 years, so months, 63 of them
    // (Apr 2021 … Jun 2026), most of 2021–2023 empty.
    expect(stats.summary).toMatchObject({ total: 58, firstDay: '2021-04-01', lastDay: '2026-06-09' });
    expect(stats.undated).toBe(1);
    expect(stats.unit).toBe('month');
    expect(stats.perPeriod).toHaveLength(63);
    expect(stats.perPeriod[0]).toEqual({ start: '2021-04-01', label: 'April 2021', count: 1, partial: false });
    expect(stats.perPeriod.slice(1, 27).every((period) => period.count === 0)).toBe(true); // May 2021 … Jun 2023
    expect(stats.perPeriod.reduce((sum, period) => sum + period.count, 0)).toBe(57);
    // `now` (21 Aug 2026) is after June 2026, so no period is still running.
    expect(stats.perPeriod.some((period) => period.partial)).toBe(false);
  });

  it('names the busiest month and the most upvoted paper', () => {
    // October 2024 and February 2025 both have 5 papers; the earlier one is named.
    expect(stats.summary.busiestPeriod).toEqual({ start: '2024-10-01', label: 'October 2024', count: 5, partial: false });
    // Context Forcing has 7 upvotes; the next, "Thus Spake…", has 6.
    expect(stats.summary.mostUpvoted).toEqual({
      key: '2602.06028',
      title: 'Context Forcing: Consistent Autoregressive Video Generation with Long Context',
      upvotes: 7,
    });
  });

  it('lists the four organizations the listing names, one paper each, by name', () => {
    // The listing puts only four papers under an organization heading; the 54 others have none.
    expect(stats.organizations).toEqual({
      top: [
        { id: 'baidu', name: 'BAIDU', count: 1 },
        { id: 'SUDA', name: 'Soochow University', count: 1 },
        { id: 'TIGER-Lab', name: 'TIGER-Lab', count: 1 },
        { id: 'AlibabaTongyiLab', name: 'TongyiLab', count: 1 },
      ],
      other: 0,
      none: 54,
    });
  });

  it('mixes the 8 largest of the 14 seed topics; 18 papers are in one of the other six', () => {
    // Every seed paper is in some shipped topic (`seeds:check` counts those in none), so none is unlabelled.
    expect(stats.mix).toEqual({
      title: 'Topics',
      top: [
        { name: 'Long-context language models', count: 28 },
        { name: 'Long-context training', count: 27 },
        { name: 'Context extension and positional encoding', count: 18 },
        { name: 'Video and multimodal', count: 17 },
        { name: 'Sparse and efficient attention', count: 10 },
        { name: 'Reasoning and RL', count: 8 },
        { name: 'Benchmarks and evaluation', count: 7 },
        { name: 'In-context learning', count: 6 },
      ],
      other: 18,
      unlabelled: 0,
    });
  });

  it('is plain data: a structured clone and a JSON round trip are equal to it', () => {
    expect(structuredClone(stats)).toEqual(stats);
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });
});

describe('periods', () => {
  // Files share their worker (vitest.config.ts): put back the zone the run started with.
  const originalZone = process.env.TZ;
  afterEach(() => {
    if (originalZone === undefined) delete process.env.TZ;
    else process.env.TZ = originalZone;
  });

  it('puts month ends, a leap day and a year end into the right months', () => {
    // Over 6 months apart, so months; 31 Jan and 1 Feb split, 29 Feb 2024 is February's,
    // 31 Dec and 1 Jan split across the year; the empty months between are zero bars.
    const stats = digestStats(dated('2023-12-31', '2024-01-01', '2024-01-31', '2024-02-01', '2024-02-29', '2024-03-01', '2024-07-31'), options());
    expect(stats.unit).toBe('month');
    expect(counts(stats)).toEqual([
      '2023-12-01:1',
      '2024-01-01:2',
      '2024-02-01:2',
      '2024-03-01:1',
      '2024-04-01:0',
      '2024-05-01:0',
      '2024-06-01:0',
      '2024-07-01:1',
    ]);
    expect(stats.perPeriod[2]?.label).toBe('February 2024');
  });

  it('starts weeks on Monday, across a leap day and a year end', () => {
    // 25 Feb 2024 is a Sunday (the week of Mon 19 Feb); 26 Feb–3 Mar is one week with the
    // leap day; 31 Dec 2024 (Tue) and 1 Jan 2025 (Wed) share the week of Mon 30 Dec.
    const leap = digestStats(dated('2024-02-25', '2024-02-26', '2024-02-29', '2024-03-03', '2024-03-04'), options());
    expect(leap.unit).toBe('week');
    expect(counts(leap)).toEqual(['2024-02-19:1', '2024-02-26:3', '2024-03-04:1']);
    const yearEnd = digestStats(dated('2024-12-31', '2025-01-01', '2025-01-06'), options());
    expect(counts(yearEnd)).toEqual(['2024-12-30:2', '2025-01-06:1']);
    expect(yearEnd.perPeriod.map((period) => period.label)).toEqual(['week of 30 Dec 2024', 'week of 6 Jan 2025']);
  });

  it('gives the same periods in any time zone (calendar days in UTC, no DST shifts)', () => {
    // Days around the 2024 DST changes in New York and Sydney, and a date line time zone.
    const papers = dated('2024-03-10', '2024-03-11', '2024-04-07', '2024-10-06', '2024-11-03', '2024-11-04');
    const expected = digestStats(papers, options());
    for (const zone of ['America/New_York', 'Australia/Sydney', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      process.env.TZ = zone;
      expect(digestStats(papers, options()), zone).toEqual(expected);
    }
    expect(counts(expected).slice(0, 2)).toEqual(['2024-03-01:2', '2024-04-01:1']);
  });

  it('uses weeks up to 6 months, months up to 10 years, years beyond', () => {
    expect(chooseUnit('2025-01-01', '2025-01-01')).toBe('week');
    expect(chooseUnit('2025-01-01', '2025-07-01')).toBe('week'); // exactly 6 months
    expect(chooseUnit('2025-01-01', '2025-07-02')).toBe('month');
    // 31 Aug + 6 months is 28 Feb (no 31 Feb): the last week-day is 28 Feb.
    expect(chooseUnit('2024-08-31', '2025-02-28')).toBe('week');
    expect(chooseUnit('2024-08-31', '2025-03-01')).toBe('month');
    expect(chooseUnit('2015-01-01', '2025-01-01')).toBe('month');
    expect(chooseUnit('2015-01-01', '2025-01-02')).toBe('year');
    const years = digestStats(dated('1999-06-01', '2026-06-09'), options());
    expect([years.unit, years.perPeriod.length, years.perPeriod[0]?.label]).toEqual(['year', 28, '1999']);
  });

  it('marks the period that `now` falls in as partial', () => {
    // `now` is Friday 21 Aug 2026: its week (from Mon 17 Aug) has not ended.
    const stats = digestStats(dated('2026-08-03', '2026-08-18'), options());
    expect(stats.perPeriod.map((period) => period.partial)).toEqual([false, false, true]);
  });
});

describe('since', () => {
  it('counts only papers on or after `since`, leaving out undated ones', () => {
    const papers = [...dated('2025-01-10', '2025-03-01', '2025-03-05'), makePaper('undated', null)];
    const stats = digestStats(papers, options({ since: '2025-03-01' }));
    expect(stats.summary.total).toBe(2);
    expect(stats.undated).toBe(0);
    expect(stats.since).toBe('2025-03-01');
  });

  it('starts at `since` when earlier papers exist, so a quiet start shows; its cut week is partial', () => {
    // Papers before 1 Mar exist, so the chart starts at the week of 1 Mar (Sat; Mon 24 Feb)
    // with empty weeks up to the first paper since; that first week holds only 1–2 Mar.
    const stats = digestStats(dated('2025-01-10', '2025-03-20'), options({ since: '2025-03-01' }));
    expect(counts(stats)).toEqual(['2025-02-24:0', '2025-03-03:0', '2025-03-10:0', '2025-03-17:1']);
    expect(stats.perPeriod.map((period) => period.partial)).toEqual([true, false, false, false]);
  });

  it('starts at the first paper when nothing precedes `since`', () => {
    const stats = digestStats(dated('2025-03-20'), options({ since: '2020-01-01' }));
    expect(counts(stats)).toEqual(['2025-03-17:1']);
  });

  it('rejects a `since` that is not a day', () => {
    expect(() => digestStats([], options({ since: '2025-02-30' }))).toThrow(RangeError);
    expect(() => digestStats([], options({ since: 'last week' }))).toThrow(RangeError);
  });
});

describe('organizations and the mix', () => {
  it('keeps the top 8 organizations, ties by name, and counts the rest and the papers with none', () => {
    // Org "A" has 3 papers, "B" 2, "C"…"I" one each: nine organizations; two papers have none.
    const letters = 'AAABBCDEFGHI';
    const papers = Array.from({ length: 14 }, (_, i) => ({
      ...makePaper(`p${i}`, '2025-01-01'),
      organization: i < letters.length ? { id: `org-${letters[i]}`, name: letters[i] as string } : null,
    }));
    const { organizations } = digestStats(papers, options());
    expect(organizations.top.map((org) => `${org.name}:${org.count}`)).toEqual(['A:3', 'B:2', 'C:1', 'D:1', 'E:1', 'F:1', 'G:1', 'H:1']);
    expect(organizations.top[0]?.id).toBe('org-A');
    expect(organizations.other).toBe(1); // "I", the ninth, ties with C…H and sorts last
    expect(organizations.none).toBe(2);
  });

  it('counts a label once per paper, merges spellings and counts papers with other labels once', () => {
    const labels: Record<string, string[]> = {
      p0: ['RAG', 'rag ', 'long context'],
      p1: ['Long Context'],
      p2: [],
      p3: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
    };
    const papers = Object.keys(labels).map((key) => makePaper(key, '2025-01-01'));
    const { mix } = digestStats(papers, options({ labelsOf: (paper) => labels[paper.key] ?? [] }));
    // "long context" (2 papers) leads; then ties by name: "RAG" sorts before lowercase "a"…;
    // "g", "h", "i" miss the top 8, and p3 is the one paper carrying them.
    expect(mix.top).toEqual([
      { name: 'long context', count: 2 },
      { name: 'RAG', count: 1 },
      { name: 'a', count: 1 },
      { name: 'b', count: 1 },
      { name: 'c', count: 1 },
      { name: 'd', count: 1 },
      { name: 'e', count: 1 },
      { name: 'f', count: 1 },
    ]);
    expect([mix.other, mix.unlabelled, mix.title]).toEqual([1, 1, 'Labels']);
  });
});

describe('edge cases', () => {
  it('gives an empty picture for no papers', () => {
    const stats = digestStats([], options());
    expect(stats).toEqual({
      title: 'All papers',
      since: null,
      asOf: '2026-08-21',
      unit: 'week',
      perPeriod: [],
      undated: 0,
      organizations: { top: [], other: 0, none: 0 },
      mix: { title: 'Labels', top: [], other: 0, unlabelled: 0 },
      summary: { total: 0, firstDay: null, lastDay: null, mostUpvoted: null, busiestPeriod: null },
    });
  });

  it('never throws for random papers, and its counts add up', () => {
    const day = fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
    const paper = fc.tuple(anyPaper, fc.option(day, { freq: 4 })).map(([base, publishedAt]): Paper => ({ ...base, publishedAt }));
    fc.assert(
      fc.property(fc.array(paper, { maxLength: 15 }), fc.option(day), (papers, since) => {
        const stats = digestStats(papers, options(since === null ? {} : { since }));
        const counted = since === null ? papers : papers.filter((p) => p.publishedAt !== null && p.publishedAt >= since);
        const periodSum = stats.perPeriod.reduce((sum, period) => sum + period.count, 0);
        expect(periodSum + stats.undated).toBe(stats.summary.total);
        expect(stats.summary.total).toBe(counted.length);
        const { top, other, none } = stats.organizations;
        expect(top.reduce((sum, org) => sum + org.count, 0) + other + none).toBe(counted.length);
        expect(stats.mix.unlabelled + stats.mix.other).toBeLessThanOrEqual(counted.length);
        // Periods are consecutive: each starts one unit after the one before.
        for (let i = 1; i < stats.perPeriod.length; i++) expect(nextStart(stats.perPeriod[i - 1]?.start as string, stats.unit)).toBe(stats.perPeriod[i]?.start);
        expect(structuredClone(stats)).toEqual(stats);
      }),
      { numRuns: 100 },
    );
  });
});

function nextStart(start: string, unit: PeriodUnit): string {
  const date = parseISO(start, { in: utc });
  const next = unit === 'week' ? addWeeks(date, 1, { in: utc }) : unit === 'month' ? addMonths(date, 1, { in: utc }) : addYears(date, 1, { in: utc });
  return format(next, 'yyyy-MM-dd', { in: utc });
}
