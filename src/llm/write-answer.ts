import { z } from 'zod';
import { readCapped } from '../http/read-capped.js';
import type { Answer } from '../library/answer-question.js';

interface ModelConfig {
  /** An OpenAI-compatible server, e.g. http://localhost:11434 (Ollama) or http://localhost:8000/v1 (vLLM). */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs: number;
}

/** A model-written answer: text with [n] citations into `answer.sources`, and those numbers. */
export interface WrittenAnswer {
  text: string;
  citations: number[];
}

export type AnswerWriter = (answer: Answer) => Promise<WrittenAnswer>;

const MAX_RESPONSE_BYTES = 64 * 1024;
const MAX_ANSWER_LENGTH = 1500;

const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

const SYSTEM_PROMPT = [
  'You answer questions about research papers using ONLY the numbered excerpts you are given.',
  'Cite every claim with the excerpt number in square brackets, e.g. [1] or [2].',
  'Quote figures exactly as written. Never add facts that are not in the excerpts.',
  'If the excerpts do not answer the question, say so. Answer in at most three sentences.',
].join(' ');

export function chatCompletionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}${/\/v1$/.test(base) ? '' : '/v1'}/chat/completions`;
}

/**
 * Asks an OpenAI-compatible chat model to write the answer from the retrieved sentences
 * only. Throws (for the caller to fall back to the extractive answer) on a timeout, an
 * HTTP error, an oversized or malformed response, or a citation that is not a source.
 */
export function createAnswerWriter(config: ModelConfig, fetchImpl: typeof fetch = fetch): AnswerWriter {
  return async (answer) => {
    const excerpts = answer.evidence.map((part) => `[${part.citation}] (${answer.sources[part.citation - 1]?.title ?? 'paper'}) ${part.text}`);
    const response = await fetchImpl(chatCompletionsUrl(config.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      body: JSON.stringify({
        model: config.model,
        temperature: 0,
        max_tokens: 400,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: `Question: ${answer.question.text}\n\nExcerpts:\n${excerpts.join('\n')}` },
        ],
      }),
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    if (!response.ok) throw new Error(`model server answered HTTP ${response.status}`);
    const body = await readCapped(response, MAX_RESPONSE_BYTES, 'model response');
    const parsed = CompletionSchema.safeParse(JSON.parse(body));
    if (!parsed.success) throw new Error('model response is not a chat completion');
    const text = (parsed.data.choices[0]?.message.content ?? '').trim();
    const citations = [...new Set([...text.matchAll(/\[(\d{1,2})\]/g)].map((match) => Number(match[1])))];
    const valid = new Set(answer.evidence.map((part) => part.citation));
    if (text === '' || text.length > MAX_ANSWER_LENGTH) throw new Error(`model answer is empty or too long (${text.length} characters)`);
    if (citations.length === 0) throw new Error('model answer cites no source');
    const invented = citations.filter((citation) => !valid.has(citation));
    if (invented.length > 0) throw new Error(`model cited sources that do not exist: ${invented.map((n) => `[${n}]`).join(' ')}`);
    return { text, citations };
  };
}
