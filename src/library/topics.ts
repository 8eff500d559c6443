import { z } from 'zod';
import type { Paper } from '../digest/paper.js';
import { WORD_SEPARATOR } from './text-analysis.js';

const TopicSchema = z.object({
  /** Stable id used in commands and button ids: lowercase letters, digits and dashes. */
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.string().min(1).max(80),
  description: z.string().min(1).max(300),
  /**
   * Words or phrases; a paper belongs to the topic when its title, abstract or keywords
   * contain one. A `title:` prefix limits a term to titles, for words that abstracts use
   * in passing ("benchmark", "video").
   */
  terms: z.array(z.string().min(1)).min(1),
});
export type Topic = z.infer<typeof TopicSchema>;

/** A topics file: the shipped `default-topics.json`, or a digest folder's `topics.json` (which may be `[]`: nothing to add). */
export const TopicsFileSchema = z
  .array(TopicSchema)
  .refine((topics) => new Set(topics.map((topic) => topic.id)).size === topics.length, 'topic ids must be unique');

/**
 * The topics a digest uses: the shipped ones, in their order, then the folder's own. A folder
 * topic with the id or the name (case-insensitive) of a shipped topic replaces it, in its
 * place: that is how a folder redefines a shipped topic. Ids stay unique.
 */
export function mergeTopics(shipped: readonly Topic[], folder: readonly Topic[]): { topics: Topic[]; replaced: string[] } {
  const same = (a: Topic, b: Topic) => a.id === b.id || a.name.toLowerCase() === b.name.toLowerCase();
  const replaced: string[] = [];
  const topics = new Set<Topic>();
  for (const topic of shipped) {
    const replacement = folder.find((own) => same(own, topic));
    if (replacement) replaced.push(topic.id);
    topics.add(replacement ?? topic);
  }
  for (const topic of folder) topics.add(topic);
  return { topics: [...topics], replaced };
}

/**
 * Lowercase words with a plural "s" dropped, for whole-word phrase matching. Deliberately
 * lighter than the search stemmer: "demonstrations" must not match "demonstrate".
 */
function phraseWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(WORD_SEPARATOR)
    .filter(Boolean)
    .map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
}

/** A topic's terms as word sequences, to match against titles or whole papers. */
export interface CompiledTopic {
  topic: Topic;
  anywhere: string[][];
  inTitle: string[][];
}

interface Phrase {
  topic: number;
  words: string[];
  titleOnly: boolean;
}

/** Every phrase of every topic by its first word: a paper is scanned once, not once per phrase. */
const PHRASES_BY_FIRST_WORD = new WeakMap<readonly CompiledTopic[], Map<string, Phrase[]>>();

export function compileTopics(topics: readonly Topic[]): CompiledTopic[] {
  return topics.map((topic) => {
    const compiled: CompiledTopic = { topic, anywhere: [], inTitle: [] };
    for (const term of topic.terms) {
      const titleOnly = term.startsWith('title:');
      const words = phraseWords(titleOnly ? term.slice('title:'.length) : term);
      if (words.length > 0) (titleOnly ? compiled.inTitle : compiled.anywhere).push(words);
    }
    return compiled;
  });
}

function phrasesByFirstWord(topics: readonly CompiledTopic[]): Map<string, Phrase[]> {
  let index = PHRASES_BY_FIRST_WORD.get(topics);
  if (!index) {
    index = new Map();
    topics.forEach(({ anywhere, inTitle }, topic) => {
      for (const [phrases, titleOnly] of [
        [anywhere, false],
        [inTitle, true],
      ] as const) {
        for (const words of phrases) {
          const list = index?.get(words[0] as string) ?? [];
          list.push({ topic, words, titleOnly });
          index?.set(words[0] as string, list);
        }
      }
    });
    PHRASES_BY_FIRST_WORD.set(topics, index);
  }
  return index;
}

/** The ids of the topics whose terms appear, as whole-word phrases, in the paper (`title:` terms in its title only). */
export function topicsOfPaper(paper: Paper, topics: readonly CompiledTopic[]): string[] {
  const index = phrasesByFirstWord(topics);
  const found = new Set<number>();
  const scan = (words: readonly string[], titleOnly: boolean) => {
    for (let at = 0; at < words.length; at++) {
      for (const phrase of index.get(words[at] as string) ?? []) {
        if (phrase.titleOnly === titleOnly && !found.has(phrase.topic) && phrase.words.every((word, i) => words[at + i] === word)) found.add(phrase.topic);
      }
    }
  };
  scan(phraseWords(paper.title), true);
  scan(phraseWords(`${paper.title} ${paper.abstract} ${paper.keywords.join(' ')}`), false);
  return topics.flatMap(({ topic }, i) => (found.has(i) ? [topic.id] : []));
}

/** Finds a topic by id, or by a name typed by hand (case-insensitive, prefix). */
export function findTopic(topics: readonly Topic[], input: string): Topic | undefined {
  const wanted = input.trim().toLowerCase();
  if (!wanted) return undefined;
  return (
    topics.find((topic) => topic.id === wanted) ??
    topics.find((topic) => topic.name.toLowerCase() === wanted) ??
    topics.find((topic) => topic.name.toLowerCase().startsWith(wanted) || topic.id.startsWith(wanted))
  );
}
