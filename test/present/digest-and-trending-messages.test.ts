import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DigestPostSchema, digestView } from '../../src/digest-posts/digest-post.js';
import { digestMessage } from '../../src/present/digest-message.js';
import { trendingMessage } from '../../src/present/trending-message.js';
import { anyPaper, hostileText } from '../support/arbitraries.js';
import { makePaper } from '../support/make-paper.js';
import { expectWithinDiscordLimits } from '../support/payload-limits.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const papers = [
  { ...makePaper('2611.00002', '2026-11-22'), upvotes: 9 },
  { ...makePaper('2611.00003', '2026-11-18'), upvotes: 9 },
];

describe('digestMessage', () => {
  it('heads the post with the count, the period and the subject, ranks the cards and attaches the chart', () => {
    const payload = digestMessage({
      period: { schedule: 'weekly', start: '2026-11-23' },
      subject: 'Sparse attention · kv cache',
      papers,
      total: 23,
      countsCurrent: true,
      countsAsOf: null,
      chart: { name: 'digest-2026-11-23.png', data: PNG, description: 'alt' },
    });
    expectWithinDiscordLimits(payload);
    expect(payload.content).toBe('🗓️ Top 2 papers · week of Nov 23 · Sparse attention · kv cache\n2 of 23 papers published this week, most upvoted first.');
    expect(payload.embeds.map((embed) => embed.title)).toEqual(['[1] Paper 2611.00002', '[2] Paper 2611.00003']);
    expect(payload.files).toEqual([{ name: 'digest-2026-11-23.png', data: PNG, description: 'alt' }]);
  });

  it('says when upvote counts may be stale, and as of when', () => {
    const base = {
      period: { schedule: 'daily', start: '2026-11-27' },
      subject: null,
      papers: papers.slice(0, 1),
      total: 1,
      countsCurrent: false,
      chart: null,
    } as const;
    expect(digestMessage({ ...base, countsAsOf: '2026-11-27' }).content).toBe(
      '🗓️ Top paper · Nov 27 · all papers\nAll 1 paper published this day, most upvoted first.\n_Upvote counts as of Nov 27, 2026; they may have grown since._',
    );
    expect(digestMessage({ ...base, countsAsOf: null }).content).toContain('_Upvote counts as of when each paper was listed; they may have grown since._');
  });

  it('stays within Discord limits and escapes whatever the papers and subject hold (property)', () => {
    fc.assert(
      fc.property(fc.array(anyPaper, { minLength: 1, maxLength: 10 }), fc.option(hostileText(300)), (list, subject) => {
        const payload = digestMessage({
          period: { schedule: 'monthly', start: '2026-11-01' },
          subject,
          papers: list,
          total: list.length + 5,
          countsCurrent: false,
          countsAsOf: null,
          chart: { name: 'digest.png', data: PNG, description: 'alt' },
        });
        expectWithinDiscordLimits(payload);
        expect(payload.content?.replace(/`[^`\n]*`/g, '')).not.toMatch(/@(everyone|here)/);
      }),
      { numRuns: 60 },
    );
  });

  it('reads back what the scheduler stored: the chart survives base64 and the schema', () => {
    const stored = JSON.parse(
      JSON.stringify({
        subscriptionId: 3,
        period: { schedule: 'weekly', start: '2026-11-16', end: '2026-11-22' },
        subject: null,
        total: 2,
        countsCurrent: true,
        countsAsOf: null,
        chart: { name: 'digest-2026-11-16.png', description: 'alt', pngBase64: Buffer.from(PNG).toString('base64') },
      }),
    ) as unknown;
    const view = digestView(DigestPostSchema.parse(stored), papers);
    expect([...(view.chart?.data ?? [])]).toEqual([...PNG]);
    expect(DigestPostSchema.safeParse({ ...(stored as object), period: { schedule: 'hourly' } }).success).toBe(false);
  });
});

describe('trendingMessage', () => {
  it('stays within Discord limits whatever the papers hold, keeping the links intact (property)', () => {
    fc.assert(
      fc.property(fc.array(anyPaper, { minLength: 1, maxLength: 15 }), fc.option(hostileText(200)), (list, topicName) => {
        const payload = trendingMessage({ papers: list, total: 40, days: 7, from: '2026-11-22', to: '2026-11-28', shifted: false, topicName });
        expectWithinDiscordLimits(payload);
        // Every line that made it in is whole: it ends after its link, never cut inside it.
        for (const line of (payload.embeds[0]?.description ?? '').split('\n').filter((text) => text.startsWith('**')))
          expect(line).toMatch(/\]\(https:\/\/huggingface\.co\/papers[^\s)]*\)/);
      }),
      { numRuns: 60 },
    );
  });
});
