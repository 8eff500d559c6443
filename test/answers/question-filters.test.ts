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

  it('counts a paper in the window by its arXiv day or by its arXiv id’s month', () => {
    // Submitted on the last evening of October, announced as 2411.00012.
    const lateOctober = { publishedAt: '2024-10-31', arxivId: '2411.00012' };
    expect(publishedWithin(lateOctober, '2024-10-01', '2024-10-31')).toBe(true);
    expect(publishedWithin(lateOctober, '2024-11-01', '2024-11-30')).toBe(true);
    expect(publishedWithin(lateOctober, '2024-12-01', null)).toBe(false);
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
