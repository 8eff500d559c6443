import { describe, expect, it } from 'vitest';
import { readDailyPapersJson } from '../../src/digest/read-daily-papers-json.js';

const PAPER = { id: '2510.00001', title: 'A Paper', summary: 'About it.', upvotes: 5 };
const read = (items: unknown[], file = 'day.json', options = {}) => readDailyPapersJson(JSON.stringify(items), file, options);

describe('readDailyPapersJson: what each field comes from', () => {
  it('reads an organization given only at the item level (handle, display name or handle)', () => {
    const [withFullname, withoutFullname] = read([
      { paper: PAPER, organization: { _id: 'o', name: 'sensenova', fullname: 'SenseNova', avatar: 'https://example.org/a.png' } },
      { paper: { ...PAPER, id: '2510.00002' }, organization: { name: 'KAIST', fullname: '' } },
    ]).items;
    expect(withFullname?.organization).toEqual({ id: 'sensenova', name: 'SenseNova' });
    expect(withoutFullname?.organization).toEqual({ id: 'KAIST', name: 'KAIST' });
  });

  it('prefers paper.organization when both are there and differ', () => {
    const [paper] = read([{ paper: { ...PAPER, organization: { name: 'paper-org', fullname: 'Paper Org' } }, organization: { name: 'item-org' } }]).items;
    expect(paper?.organization).toEqual({ id: 'paper-org', name: 'Paper Org' });
  });

  it('thumbnail: the item thumbnail, else the first image of the media; videos and bad URLs are skipped', () => {
    const media = ['https://cdn.example.org/clip.mp4', 'ftp://cdn.example.org/x.png', 'https://cdn.example.org/fig.JPG?v=2', 'https://cdn.example.org/b.png'];
    const [fromMedia, fromItem, none] = read([
      { paper: { ...PAPER, mediaUrls: media } },
      { paper: { ...PAPER, id: '2510.00002', mediaUrls: media }, thumbnail: 'https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2510.00002.png' },
      { paper: { ...PAPER, id: '2510.00003', mediaUrls: ['https://cdn.example.org/clip.webm'] }, thumbnail: 'not a url' },
    ]).items;
    expect(fromMedia?.thumbnail).toBe('https://cdn.example.org/fig.JPG?v=2');
    expect(fromItem?.thumbnail).toBe('https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2510.00002.png');
    expect(none?.thumbnail).toBeNull();
  });

  it('publishedAt: the arXiv day of paper.publishedAt; the item-level one only when the paper has none', () => {
    const [arxiv, fallback, impossible] = read([
      { paper: { ...PAPER, publishedAt: '2025-10-13T02:55:09.000Z' }, publishedAt: '2025-10-12T22:55:09.000Z' },
      { paper: { ...PAPER, id: '2510.00002' }, publishedAt: '2025-10-12T22:55:09.000Z' },
      { paper: { ...PAPER, id: '2510.00003', publishedAt: '2025-02-30T00:00:00Z' } },
    ]).items;
    expect(arxiv?.publishedAt).toBe('2025-10-13');
    expect(fallback?.publishedAt).toBe('2025-10-12');
    // V8 would read Feb 30 as Mar 2: an impossible day is unknown instead.
    expect(impossible?.publishedAt).toBeNull();
  });

  it('countsAsOf: the option, else the day in the file name, else submittedOnDailyAt, else unknown', () => {
    const item = { paper: { ...PAPER, submittedOnDailyAt: '2025-10-16T04:31:16.464Z' } };
    expect(read([item], 'feed/2025-10-17.json', { countsAsOf: '2025-10-20' }).items[0]?.countsAsOf).toBe('2025-10-20');
    expect(read([item], 'feed/2025-10-17.json').items[0]?.countsAsOf).toBe('2025-10-17');
    // Only the file's own name counts, and only a real day.
    expect(read([item], '2025-10-18/papers.json').items[0]?.countsAsOf).toBe('2025-10-16');
    expect(read([item], 'daily_2025-02-30.json').items[0]?.countsAsOf).toBe('2025-10-16');
    expect(read([{ paper: PAPER }], 'plain.json').items[0]?.countsAsOf).toBeNull();
  });

  it('listedOn: the day of submittedOnDailyAt, else the day of a feed/ file (one listing day), else unknown', () => {
    const item = { paper: { ...PAPER, publishedAt: '2025-10-13T02:55:09.000Z', submittedOnDailyAt: '2025-10-16T04:31:16.464Z' } };
    const bare = { paper: { ...PAPER, publishedAt: '2025-10-13T02:55:09.000Z' } };
    expect(read([item], 'feed/2025-10-17.json').items[0]?.listedOn).toBe('2025-10-16');
    expect(read([bare], 'feed/2025-10-17.json').items[0]?.listedOn).toBe('2025-10-17');
    // Another file's name says nothing about listing: archives name files as they please.
    expect(read([bare], 'daily_papers_2025-10-17.json').items[0]?.listedOn).toBeNull();
    // The item-level publishedAt (the listing day in 2024, the paper's time later) is not used.
    expect(read([{ ...bare, publishedAt: '2025-10-15T00:00:00.000Z' }], 'x.json').items[0]?.listedOn).toBeNull();
  });

  it('the fields older eras lack are unknown, never a problem', () => {
    const result = read([{ paper: { id: '2403.06634', title: 'Only the Minimum' } }]);
    expect(result.problems).toEqual([]);
    expect(result.items[0]).toMatchObject({
      abstract: '',
      publishedAt: null,
      upvotes: null,
      organization: null,
      authors: null,
      authorCount: null,
      aiSummary: null,
      githubStars: null,
      comments: null,
      countsAsOf: null,
      thumbnail: null,
      links: [],
      keywords: [],
    });
  });
});
