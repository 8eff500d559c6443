import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Paper } from '../../src/digest/paper.js';
import { seededRandom } from './seeded-random.js';

/** A word-bigram chain: which words follow which, with their counts, learned from real text. */
class BigramChain {
  readonly #next = new Map<string, string[]>();
  readonly #starts: string[] = [];

  constructor(texts: readonly string[]) {
    for (const text of texts) {
      const words = text.split(/\s+/).filter(Boolean);
      if (words[0]) this.#starts.push(words[0]);
      for (let i = 0; i + 1 < words.length; i++) {
        const word = words[i] as string;
        const list = this.#next.get(word) ?? [];
        list.push(words[i + 1] as string);
        this.#next.set(word, list);
        if (/[.!?]$/.test(word)) this.#starts.push(words[i + 1] as string);
      }
    }
  }

  /** About `length` words of text following the real texts' word statistics. */
  generate(random: () => number, length: number, extra: () => string | null): string {
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
    const words: string[] = [];
    let word = pick(this.#starts);
    while (words.length < length || !/[.!?]$/.test(word)) {
      const injected = extra();
      words.push(injected ?? word);
      const followers = this.#next.get(word);
      word = followers ? pick(followers) : pick(this.#starts);
      if (words.length > length * 2) break;
    }
    return words.join(' ');
  }
}

const SYLLABLES = ['ka', 'zo', 'ri', 'mu', 'te', 'lo', 'vi', 'xa', 'qu', 'ne', 'do', 'shi', 'gra', 'plo', 'tre', 'vex', 'nox', 'zyl'];
const ORGANIZATIONS = [
  'AlibabaTongyiLab TongyiLab',
  'baidu BAIDU',
  'TIGER-Lab TIGER-Lab',
  'SUDA Soochow University',
  'google Google',
  'meta-llama Meta',
  'nvidia NVIDIA',
  'allenai Ai2',
];

/** Rare technical tokens (model and method names) that make a vocabulary grow as real digests do. */
function rareToken(random: () => number): string {
  const syllables = 2 + Math.floor(random() * 3);
  let word = '';
  for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  const capitalized = word[0]?.toUpperCase() + word.slice(1);
  return random() < 0.4 ? `${capitalized}-${1 + Math.floor(random() * 70)}B` : capitalized;
}

/**
 * A synthetic digest of `size` papers: abstracts of about 170 words and titles drawn from
 * word-bigram chains over the seed's abstracts and titles, with rare technical tokens,
 * dates over five years, skewed upvotes and a few organizations. Seeded: the same size
 * always gives the same corpus.
 */
export function generatePapers(seedPapers: readonly Paper[], size: number, seed = 42): Paper[] {
  const random = seededRandom(seed);
  const abstracts = new BigramChain(seedPapers.map((paper) => paper.abstract));
  const titles = new BigramChain(seedPapers.map((paper) => `${paper.title}.`));
  const rare = Array.from({ length: Math.max(200, Math.floor(size / 2)) }, () => rareToken(random));
  const papers: Paper[] = [];
  for (let i = 0; i < size; i++) {
    const name = rare[Math.floor(random() * rare.length)] as string;
    const inject = () => (random() < 0.015 ? (rare[Math.floor(random() * rare.length)] as string) : null);
    const title = `${name}: ${titles.generate(random, 6 + Math.floor(random() * 6), () => null).replace(/\.$/, '')}`;
    const abstract = `We present ${name}. ${abstracts.generate(random, 160, inject)}`;
    const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(random() * 5.9 * 365) * 86_400_000);
    const yymm = `${String(day.getUTCFullYear() % 100).padStart(2, '0')}${String(day.getUTCMonth() + 1).padStart(2, '0')}`;
    const id = `${yymm}.${String(10000 + i).padStart(5, '0')}`;
    const org = random() < 0.2 ? (ORGANIZATIONS[Math.floor(random() * ORGANIZATIONS.length)] as string).split(' ') : null;
    papers.push({
      key: id,
      arxivId: id,
      title,
      abstract,
      publishedAt: day.toISOString().slice(0, 10),
      listedOn: null,
      upvotes: Math.floor(-Math.log(1 - random()) * 8),
      organization: org ? { id: org[0] as string, name: org.slice(1).join(' ') } : null,
      authorCount: 1 + Math.floor(random() * 15),
      links: [],
      keywords: [],
      authors: null,
      aiSummary: null,
      githubStars: null,
      comments: null,
      countsAsOf: null,
      thumbnail: null,
      source: { file: 'synthetic', line: null },
    });
  }
  return papers;
}

/** Writes papers as Hugging Face `daily_papers` JSON files of at most 10,000 papers each. */
export function writeDailyPapers(papers: readonly Paper[], dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let start = 0; start < papers.length; start += 10_000) {
    const chunk = papers.slice(start, start + 10_000).map((paper) => ({
      paper: {
        id: paper.arxivId,
        title: paper.title,
        summary: paper.abstract,
        publishedAt: `${paper.publishedAt}T00:00:00.000Z`,
        upvotes: paper.upvotes,
        authors: Array.from({ length: paper.authorCount ?? 1 }, (_, i) => ({ name: `Author ${i + 1}` })),
        ...(paper.organization ? { organization: { name: paper.organization.id, fullname: paper.organization.name } } : {}),
      },
      publishedAt: `${paper.publishedAt}T00:00:00.000Z`,
    }));
    writeFileSync(path.join(dir, `daily-papers-${String(start / 10_000).padStart(2, '0')}.json`), JSON.stringify(chunk));
  }
}
