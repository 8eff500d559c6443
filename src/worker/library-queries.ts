import type { Paper } from '../digest/paper.js';
import { answerQuestion, type Answer } from '../library/answer-question.js';
import type { Library, TopicSummary } from '../library/library.js';
import { paginate, type Page } from '../library/paginate.js';
import { periodPapers, type PeriodScope } from '../library/period-papers.js';
import type { Topic } from '../library/topics.js';
import type { LibraryApi, PaperDetails, RoutedPaper, SearchPage, SearchPageRequest } from './library-api.js';
import { periodChart, statsChart, type ChartImage, type PeriodChartRequest, type StatsChartRequest } from './stats-charts.js';
import { paperShortId } from '../library/short-id.js';

type Queries = Omit<LibraryApi, 'status' | 'ingestFile'>;

/** Paper keys by similarity to a question, best first; undefined without embeddings (none configured, or failing). */
export type SemanticRanking = (question: string) => Promise<readonly string[] | undefined>;

/** The library's answers to the main thread's questions, as plain data. */
export class LibraryQueries implements Queries {
  constructor(
    private readonly library: () => Library,
    private readonly semantic: SemanticRanking = () => Promise.resolve(undefined),
  ) {}

  searchPage({ query, sort, since, page, pageSize }: SearchPageRequest): SearchPage {
    const library = this.library();
    const { hits, total, suggestions } = library.search({ query, sort, since });
    return {
      page: paginate(hits, page, pageSize),
      total,
      partial: hits.some((hit) => !hit.matchedAll),
      suggestions,
      version: library.version,
    };
  }

  /** Other calls are answered while the question is embedded; the library is read after that, as it is then. */
  async answer(question: string, nowIso: string): Promise<Answer> {
    const semantic = await this.semantic(question).catch(() => undefined);
    return answerQuestion(this.library(), question, new Date(nowIso), { semantic });
  }

  paper(key: string): PaperDetails | null {
    const paper = this.library().get(key);
    return paper ? this.#details(paper) : null;
  }

  paperByShortId(shortId: string): PaperDetails | null {
    const paper = this.library().getByShortId(shortId);
    return paper ? this.#details(paper) : null;
  }

  papers(keys: readonly string[]): Paper[] {
    const library = this.library();
    return keys.flatMap((key) => library.get(key) ?? []);
  }

  suggestTitles(typed: string, count: number): Paper[] {
    const library = this.library();
    return typed.trim() === '' ? library.latest(count) : library.suggestTitles(typed, count);
  }

  latest(count: number): Paper[] {
    return this.library().latest(count);
  }

  similar(shortId: string, count: number): { paper: Paper; similar: Paper[] } | null {
    const library = this.library();
    const paper = library.getByShortId(shortId);
    return paper ? { paper, similar: library.similar(paper, count) } : null;
  }

  keyTerms(text: string, count: number): string[] {
    return this.library().keyTerms(text, count);
  }

  topics(): TopicSummary[] {
    return this.library().topicSummaries();
  }

  findTopic(input: string): Topic | null {
    return this.library().findTopic(input) ?? null;
  }

  topicPage(topicId: string, page: number, pageSize: number): { topic: Topic; page: Page<Paper> } | null {
    const library = this.library();
    const topic = library.topics.find((candidate) => candidate.id === topicId);
    if (!topic) return null;
    // Page the keys, then look up only the papers shown.
    const keys = paginate(library.topicKeys(topicId), page, pageSize);
    return { topic, page: { ...keys, items: keys.items.map((key) => library.get(key) as Paper) } };
  }

  random(fraction: number, topicId: string | null): Paper | null {
    return this.library().random(fraction, topicId ?? undefined) ?? null;
  }

  keys(): string[] {
    return this.library()
      .all()
      .map((paper) => paper.key);
  }

  routedPapers(keys: readonly string[]): RoutedPaper[] {
    const library = this.library();
    return keys.flatMap((key) => {
      const paper = library.get(key);
      return paper ? [{ paper, topicIds: library.topicsOf(paper).map((topic) => topic.id) }] : [];
    });
  }

  periodPapers({ limit, ...scope }: PeriodScope & { limit: number }): { top: Paper[]; total: number } {
    const papers = periodPapers(this.library(), scope);
    return { top: papers.slice(0, Math.max(0, limit)), total: papers.length };
  }

  digestChart(request: PeriodChartRequest): Promise<ChartImage> {
    return periodChart(this.library(), request);
  }

  statsChart(request: StatsChartRequest): Promise<ChartImage | null> {
    return statsChart(this.library(), request);
  }

  #details(paper: Paper): PaperDetails {
    const library = this.library();
    return { paper, topics: library.topicsOf(paper), shortId: paperShortId(paper) };
  }
}
