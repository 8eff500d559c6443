import { isArxivId } from '../digest/arxiv-id.js';
import { readCapped } from '../http/read-capped.js';

export interface FetchHfPaperOptions {
  /** Default `https://huggingface.co`; tests point it at a local server. */
  baseUrl?: string;
  /** For the whole exchange, body included. Default 5 s: an unfurl that takes longer is not worth waiting for. */
  timeoutMs?: number;
  /** Default 2 MiB: a paper with 3,000 authors is a few hundred kB. */
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

/**
 * `GET {baseUrl}/api/papers/{id}`: Hugging Face's record of one paper, as parsed JSON.
 * Null when Hugging Face answers 404 (it has not indexed the paper). Throws an Error saying
 * what went wrong for an id that is not new-style, any other HTTP status, a network
 * failure, no complete answer within `timeoutMs`, a body over `maxBytes`, or a body that is
 * not a JSON object.
 *
 * The object is the `paper` object of a `daily_papers` item (as in the real responses in
 * shared/real-digest/feed-days), not wrapped: `id`, `title`, `summary` (the abstract),
 * `publishedAt` (ISO time), `upvotes`, `authors` (`[{ _id, name, hidden, user? }]`), and when
 * Hugging Face has them `ai_summary`, `ai_keywords`, `githubRepo`, `githubStars`,
 * `projectPage`, `mediaUrls`, `organization`, `submittedOnDailyAt`, `discussionId`. Sources:
 * Hugging Face's papers skill (huggingface/skills, skills/huggingface-papers/SKILL.md: "404
 * … the paper may not be indexed") and their MCP server's reader (hf-mcp-server,
 * packages/mcp/src/paper-summary.ts). Every field may be missing: the caller's reader
 * validates it.
 */
export async function fetchHfPaper(id: string, options: FetchHfPaperOptions = {}): Promise<Record<string, unknown> | null> {
  const { baseUrl = 'https://huggingface.co', timeoutMs = 5_000, maxBytes = 2 * 1024 * 1024, fetchImpl = fetch } = options;
  if (!isArxivId(id)) throw new Error(`not a new-style arXiv id: ${JSON.stringify(id)}`);
  const what = `Hugging Face paper ${id}`;
  let text: string;
  try {
    const response = await fetchImpl(`${baseUrl.replace(/\/+$/, '')}/api/papers/${id}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`${what}: Hugging Face answered HTTP ${response.status}`);
    }
    text = await readCapped(response, maxBytes, what);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new Error(`${what}: no complete answer within ${timeoutMs} ms`, { cause: error });
    if (error instanceof Error && error.message.startsWith(what)) throw error;
    throw new Error(`${what}: could not reach Hugging Face (${(error as Error).message})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${what}: the answer is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${what}: the answer is not a JSON object`);
  return parsed as Record<string, unknown>;
}
