import { z } from 'zod';
import { readCapped } from '../http/read-capped.js';
import type { Answer } from '../library/answer-question.js';
import type { Logger } from '../log.js';
import { answerMessages } from './answer-prompt.js';
import { CallBudget } from './call-budget.js';
import { LINK_REMOVED, stripForeignLinks, urlsIn } from './foreign-links.js';

interface ModelConfig {
  /** An OpenAI-compatible server, e.g. http://localhost:11434 (Ollama) or http://localhost:8000/v1 (vLLM). */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs: number;
  /** Model calls allowed in any hour, across every guild and user (0: no cap). */
  maxCallsPerHour: number;
}

/**
 * A model-written answer: text with [n] citations into `answer.sources`, and those numbers.
 * The text links only to URLs the cited excerpts hold; every number it cites is one of them.
 */
export interface WrittenAnswer {
  text: string;
  citations: number[];
}

/**
 * Writes an answer from its retrieved excerpts; null when the model was not asked (the hourly
 * budget of calls is spent). Throws when the model's answer cannot be used.
 */
export type AnswerWriter = (answer: Answer, log: Logger) => Promise<WrittenAnswer | null>;

const MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_ANSWER_LENGTH = 1500;

const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

const CITATION = /\[(\d{1,2})\]/g;

/** The distinct [n] a text cites, in order of first appearance. */
function citationsIn(text: string): number[] {
  return [...new Set([...text.matchAll(CITATION)].map((match) => Number(match[1])))];
}

/**
 * The model's text with only the links that the excerpts it cites hold, so every link it
 * posts is in a quote shown under it; its citations; how many links were removed. Removing
 * a link can remove a citation written inside it, and with it that excerpt's links: repeated
 * until nothing changes. Each round only removes, so a few rounds settle any real text; one
 * that has not settled after 10 is refused.
 */
function withoutForeignLinks(raw: string, answer: Answer): { text: string; citations: number[]; removed: number } {
  let text = raw;
  let removed = 0;
  for (let round = 0; round < 10; round++) {
    const citations = citationsIn(text);
    const cited = answer.evidence.filter((part) => citations.includes(part.citation));
    const next = stripForeignLinks(text, new Set(cited.flatMap((part) => [...urlsIn(part.text)])));
    removed += next.removed;
    if (next.text === text) return { text, citations, removed };
    text = next.text;
  }
  throw new Error('model answer links did not settle');
}

export function chatCompletionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}${/\/v1$/.test(base) ? '' : '/v1'}/chat/completions`;
}

/**
 * Asks an OpenAI-compatible chat model to write the answer from the retrieved sentences
 * only, given as delimited, untrusted data (answer-prompt.ts). What it writes is then
 * checked as if hostile, since an abstract or a question can carry instructions and a model
 * may obey them: links that the excerpts it cites do not hold are removed (foreign-links.ts;
 * the reply quotes the cited excerpts, so every link left is in a quote), and it throws
 * (for the caller to fall back to the extractive answer) on a timeout, an HTTP error, an
 * oversized or malformed response, an empty or overlong text, a text that cites no excerpt
 * or one that does not exist, or one that says nothing once its links are gone. Over
 * `maxCallsPerHour` it asks nothing and returns null, saying so in the log once until calls
 * free up again.
 */
export function createAnswerWriter(config: ModelConfig, options: { fetchImpl?: typeof fetch; now?: () => number } = {}): AnswerWriter {
  const fetchImpl = options.fetchImpl ?? fetch;
  const budget = new CallBudget(config.maxCallsPerHour, options.now);
  let overBudget = false;
  return async (answer, log) => {
    if (!budget.take()) {
      if (!overBudget) log.warn({ maxCallsPerHour: config.maxCallsPerHour }, 'model call budget spent; answering extractively until calls free up');
      overBudget = true;
      return null;
    }
    overBudget = false;
    const response = await fetchImpl(chatCompletionsUrl(config.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      body: JSON.stringify({ model: config.model, temperature: 0, max_tokens: 400, messages: answerMessages(answer) }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    if (!response.ok) throw new Error(`model server answered HTTP ${response.status}`);
    const body = await readCapped(response, MAX_RESPONSE_BYTES, 'model response');
    const parsed = CompletionSchema.safeParse(JSON.parse(body));
    if (!parsed.success) throw new Error('model response is not a chat completion');
    const raw = (parsed.data.choices[0]?.message.content ?? '').trim();
    if (raw === '' || raw.length > MAX_ANSWER_LENGTH) throw new Error(`model answer is empty or too long (${raw.length} characters)`);

    const { text, citations, removed } = withoutForeignLinks(raw, answer);
    if (removed > 0) log.warn({ removedLinks: removed }, 'model answer linked outside its cited excerpts: links removed');
    const valid = new Set(answer.evidence.map((part) => part.citation));
    if (citations.length === 0) throw new Error('model answer cites no source');
    const invented = citations.filter((citation) => !valid.has(citation));
    if (invented.length > 0) throw new Error(`model cited sources that do not exist: ${invented.map((n) => `[${n}]`).join(' ')}`);
    const said = text.split(LINK_REMOVED).join(' ').replace(CITATION, ' ');
    if (!/[\p{L}\p{N}]/u.test(said)) throw new Error('model answer says nothing but citations and removed links');
    return { text, citations };
  };
}
