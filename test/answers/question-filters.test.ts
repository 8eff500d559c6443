import { describe, expect, it } from 'vitest';
import { parseQuestion } from '../../src/library/question.js';
import { publishedWithin } from '../../src/library/question-dates.js';

/** "Today" for these questions, as for the real question set. */
const NOW = new Date('2026-08-24T12:00:00Z');

const ORGANIZATIONS = [
  { id: 'amazon-agi', name: 'Amazon AGI' },
  { id: 'TUM', name: 'Technical University of Munich' },
  { id: 'facebook', name: 'AI at Meta' },
  { id: 'Lexsi', name: 'Lexsi Labs' },
  { id: 'google', name: 'Google' },
  { id: 'BAELABPNU', name: 'BIGDATA ANALYTICS ENGINEERING LAB, Pusan National University, Busan, Korea' },
  { id: 'TexasAMUniversity', name: 'Texas A&M University' },
  { id: 'model-architectures', name: 'Model Architectures' },
];
/** Words many of 12,715 papers contain: they name no organization alone. */
const COMMON = new Set(['model', 'models', 'architectures', 'video']);
const parse = (question: string) => parseQuestion(question, NOW, ORGANIZATIONS, { documentsWith: (word) => (COMMON.has(word) ? 5000 : 10), size: 12_715 });

describe('time filters apply only when the question asks for them', () => {
  it('filters where a date dates the papers', () => {
    const cases: [string, string | null, string | null][] = [
      // At the start of the question.
      ['October 2024 paper on training multi-agent systems to communicate efficiently?', '2024-10-01', '2024-10-31'],
      ['in August 2024 was there a paper generating 3D face avatars from text?', '2024-08-01', '2024-08-31'],
      ['In March 2025, did anyone argue for long outputs?', '2025-03-01', '2025-03-31'],
      ['June 2024: a paper that scores LLMs by prompting levels?', '2024-06-01', '2024-06-30'],
      // After a paper noun, or before one.
      ['anything from May 2024 on part-aware 3D reconstruction?', '2024-05-01', '2024-05-31'],
      ['was there a survey in July 2025 on token compression?', '2025-07-01', '2025-07-31'],
      ['a March 2025 paper on speculative decoding', '2025-03-01', '2025-03-31'],
      ['papers from 2024 about video', '2024-01-01', '2024-12-31'],
      // Closing the question.
      ['is there a survey on latent reasoning from July 2025?', '2025-07-01', '2025-07-31'],
      // "since", "after" and "before" ask for newer or older papers wherever they stand; a month without a year is the latest one.
      ["what's new since May?", '2026-05-01', null],
      ['since December, anything on RAG?', '2025-12-01', null],
      ['anything after 2025 on RAG', '2026-01-01', null],
      ['long-context benchmarks before 2025', null, '2024-12-31'],
      ['any paper on RAG this year', '2026-01-01', null],
      ['what came out on world models last year?', '2025-01-01', '2025-12-31'],
    ];
    for (const [question, since, until] of cases) expect(parse(question), question).toMatchObject({ since, until });
    // The date asked for is not a content word.
    expect(parse('October 2024 paper on training multi-agent systems').query).toBe('training multi agent systems');
  });

  it('leaves a date that is part of the content in the query, unfiltered', () => {
    const cases: [string, string][] = [
      ['the first open Greek LLM whose knowledge is up to date as of September 2023', 'September 2023'],
      ['post-hoc calibration evaluated on the MICCAI 2025 CURVAS benchmark?', 'MICCAI 2025'],
      ['which theorem prover solved 11 out of 12 Putnam 2025 problems?', 'Putnam 2025'],
      ['who won 1st place in the 2025 BEHAVIOR Challenge?', '2025 BEHAVIOR'],
      ['which video generation model was officially released in China in early February 2026?', 'February 2026'],
      ['a news simulation covering January to March 2026', 'January March 2026'],
      ['a therapeutic agent whose tools include all FDA-approved drugs since 1939', '1939'],
    ];
    for (const [question, words] of cases) {
      const parsed = parse(question);
      expect(parsed, question).toMatchObject({ since: null, until: null });
      expect(parsed.query, question).toContain(words);
    }
  });

  it('reads relative spans: "this" is the calendar period so far, "last" the previous one, "past" counts back', () => {
    // NOW is Monday 24 August 2026.
    const cases: [string, string | null, string | null][] = [
      ['anything on RAG this week?', '2026-08-24', null],
      ['anything on RAG this month?', '2026-08-01', null],
      ['any paper on RAG this year', '2026-01-01', null],
      ['anything on RAG last week?', '2026-08-17', '2026-08-23'],
      ['anything on RAG last month?', '2026-07-01', '2026-07-31'],
      ['what came out on RAG last year?', '2025-01-01', '2025-12-31'],
      ['papers on RAG from the past week', '2026-08-17', null],
      ['papers on RAG from the past month', '2026-07-24', null],
      ['papers on RAG from the past year', '2025-08-24', null],
      ['RAG papers in the last 3 days', '2026-08-21', null],
      ['RAG papers in the past 2 weeks', '2026-08-10', null],
      ['a RAG paper from 2 months ago', '2026-06-24', null],
      // Capitals change nothing.
      ['This Month: anything on RAG?', '2026-08-01', null],
    ];
    // The span that asked is no content word.
    for (const [question, since, until] of cases) expect(parse(question), question).toMatchObject({ query: 'RAG', since, until });
  });

  it('keeps a day-wide window to days: the id’s month does not widen it', () => {
    const { since, until } = parse('papers on RAG from the past week');
    expect([since, until]).toEqual(['2026-08-17', null]);
    // Published on 2 August, id 2608.00100: the id's month overlaps the week, the day does not.
    // The id's month used to let it in, turning "the past week" into all of August.
    expect(publishedWithin({ publishedAt: '2026-08-02', arxivId: '2608.00100' }, since, until)).toBe(false);
    expect(publishedWithin({ publishedAt: '2026-08-20', arxivId: '2608.00100' }, since, until)).toBe(true);
    // Submitted on 31 July, listed in August as 2608.00001: still outside the week.
    expect(publishedWithin({ publishedAt: '2026-07-31', arxivId: '2608.00001' }, since, until)).toBe(false);
    // Without a day, the id's month is all there is: a paper that may be in the window is kept.
    expect(publishedWithin({ publishedAt: null, arxivId: '2608.00100' }, since, until)).toBe(true);
    expect(publishedWithin({ publishedAt: null, arxivId: '2607.00100' }, since, until)).toBe(false);

    const lastWeek = parse('anything on RAG last week?');
    expect(publishedWithin({ publishedAt: '2026-08-23', arxivId: '2608.00200' }, lastWeek.since, lastWeek.until)).toBe(true);
    expect(publishedWithin({ publishedAt: '2026-08-24', arxivId: '2608.00300' }, lastWeek.since, lastWeek.until)).toBe(false);
    expect(publishedWithin({ publishedAt: '2026-08-03', arxivId: '2608.00010' }, lastWeek.since, lastWeek.until)).toBe(false);
    // A window of part of a month, and a paper of the month's edge.
    expect(publishedWithin({ publishedAt: '2024-10-31', arxivId: '2411.00012' }, '2024-11-01', '2024-11-10')).toBe(false);
    // An id naming no month (13) counts for nothing.
    expect(publishedWithin({ publishedAt: null, arxivId: '2613.00001' }, '2026-01-01', null)).toBe(false);
  });

  it('counts a paper in the window by its arXiv day or by its arXiv id’s month', () => {
    // Submitted on the last evening of October, announced as 2411.00012.
    const lateOctober = { publishedAt: '2024-10-31', arxivId: '2411.00012' };
    expect(publishedWithin(lateOctober, '2024-10-01', '2024-10-31')).toBe(true);
    expect(publishedWithin(lateOctober, '2024-11-01', '2024-11-30')).toBe(true);
    expect(publishedWithin(lateOctober, '2024-12-01', null)).toBe(false);
    // "since November", "after October 2024": November is wholly inside.
    expect(publishedWithin(lateOctober, '2024-11-01', null)).toBe(true);
    // "before November 2024" ends on 31 October: in by its day.
    expect(publishedWithin(lateOctober, null, '2024-10-31')).toBe(true);
    // Listed in January as 2501.x, submitted on 31 December: "papers from 2025" includes it.
    expect(publishedWithin({ publishedAt: '2024-12-31', arxivId: '2501.00001' }, '2025-01-01', '2025-12-31')).toBe(true);
    // A February id: its month ends on the 28th, so a window to the 28th holds it.
    expect(publishedWithin({ publishedAt: '2026-01-31', arxivId: '2602.00001' }, '2026-02-01', '2026-02-28')).toBe(true);
    expect(publishedWithin({ publishedAt: null, arxivId: null }, '2024-01-01', null)).toBe(false);
    expect(publishedWithin({ publishedAt: null, arxivId: null }, null, null)).toBe(true);
  });
});

describe('curly apostrophes', () => {
  it("reads “what’s new” as “what's new”, as phones type it", () => {
    // With only ' accepted, "what’s new since May?" kept "new" as its query and did not ask for the newest papers.
    for (const apostrophe of ["'", '’', '‘', 'ʼ']) {
      const parsed = parse(`what${apostrophe}s new since May?`);
      expect(parsed, apostrophe).toMatchObject({ query: '', wantsNewest: true, plural: true, since: '2026-05-01', until: null, text: "what's new since May?" });
    }
    expect(parse('what’s new on speculative decoding?')).toMatchObject({ query: 'speculative decoding', wantsNewest: true });
  });
});

describe('organization filters apply only when the question asks for them', () => {
  it('filters by the organization named as the author', () => {
    const cases: [string, string[], string][] = [
      ['what did Amazon AGI publish on chart understanding?', ['amazon-agi'], 'chart understanding'],
      // "TU" abbreviates the name's first words; "Munich" is its distinctive word.
      ['what did TU Munich publish on KV cache reuse?', ['TUM'], 'KV cache reuse'],
      ['any AI at Meta paper on chain-of-thought for video?', ['facebook'], 'chain thought video'],
      ['Pusan National University paper on GRPO rewards for reasoning?', ['BAELABPNU'], 'GRPO rewards reasoning'],
      ['Texas A&M paper on inserting objects into existing video footage?', ['TexasAMUniversity'], 'inserting objects existing video footage'],
      ['papers by Google on speculative decoding', ['google'], 'speculative decoding'],
    ];
    for (const [question, ids, query] of cases) {
      const parsed = parse(question);
      expect(
        parsed.organizations.map((org) => org.id),
        question,
      ).toEqual(ids);
      expect(parsed.query, question).toBe(query);
    }
  });

  it('keeps a name that is content in the query, unfiltered', () => {
    const cases: [string, string][] = [
      // The library is the subject; the lab's name helps find it but filters nothing.
      ['is there a Lexsi Labs library for tabular foundation models?', 'Lexsi Labs library tabular foundation models'],
      // Compared, not authoring.
      ['papers that compare Google and OpenAI models on math', 'compare Google OpenAI models math'],
      // Common words are no organization's name, even in the author's place.
      ['what did model architectures do for long context?', 'model architectures long context'],
    ];
    for (const [question, query] of cases) {
      const parsed = parse(question);
      expect(parsed.organizations, question).toEqual([]);
      expect(parsed.query, question).toBe(query);
    }
  });
});
