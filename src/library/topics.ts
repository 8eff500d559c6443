import { z } from 'zod';
import type { Paper } from '../digest/paper.js';
import { WORD_SEPARATOR } from './text-analysis.js';

export const TopicSchema = z.object({
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

export const TopicsFileSchema = z
  .array(TopicSchema)
  .min(1)
  .refine((topics) => new Set(topics.map((topic) => topic.id)).size === topics.length, 'topic ids must be unique');

/**
 * Words with a plural "s" dropped, padded with spaces for whole-word phrase search.
 * Deliberately lighter than the search stemmer: "demonstrations" must not match "demonstrate".
 */
function phraseText(text: string): string {
  const words = text
    .toLowerCase()
    .split(WORD_SEPARATOR)
    .filter(Boolean)
    .map((word) => (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word));
  return ` ${words.join(' ')} `;
}

/** A topic's terms, ready for phrase matching against titles or whole papers. */
export interface CompiledTopic {
  topic: Topic;
  anywhere: string[];
  inTitle: string[];
}

export function compileTopics(topics: readonly Topic[]): CompiledTopic[] {
  return topics.map((topic) => {
    const compiled: CompiledTopic = { topic, anywhere: [], inTitle: [] };
    for (const term of topic.terms) {
      const titleOnly = term.startsWith('title:');
      const phrase = phraseText(titleOnly ? term.slice('title:'.length) : term);
      if (phrase.trim() !== '') (titleOnly ? compiled.inTitle : compiled.anywhere).push(phrase);
    }
    return compiled;
  });
}

/** The ids of the topics whose terms appear, as whole-word phrases, in the paper. */
export function topicsOfPaper(paper: Paper, topics: readonly CompiledTopic[]): string[] {
  const title = phraseText(paper.title);
  const everything = phraseText(`${paper.title} ${paper.abstract} ${paper.keywords.join(' ')}`);
  return topics
    .filter(({ anywhere, inTitle }) => inTitle.some((phrase) => title.includes(phrase)) || anywhere.some((phrase) => everything.includes(phrase)))
    .map(({ topic }) => topic.id);
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
