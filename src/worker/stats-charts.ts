import { utc } from '@date-fns/utc';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import type { Paper } from '../digest/paper.js';
import { digestStats, type DigestStats } from '../library/digest-stats.js';
import type { Library } from '../library/library.js';
import { periodPapers, type PeriodScope } from '../library/period-papers.js';

/** A rendered picture of some papers' statistics, with the statistics it shows. */
export interface ChartImage {
  png: Uint8Array;
  width: number;
  height: number;
  stats: DigestStats;
}

export interface StatsChartRequest {
  topicId: string | null;
  /** Only papers published on or after this `YYYY-MM-DD` day. */
  since: string | null;
  nowIso: string;
}

export interface PeriodChartRequest extends PeriodScope {
  title: string;
  nowIso: string;
}

/**
 * The /stats picture: the whole digest or one topic, since a day. Inside a topic the mix
 * chart shows the papers' keywords (Hugging Face's ai_keywords), else their topics.
 * Null for an unknown topic.
 */
export async function statsChart(library: Library, { topicId, since, nowIso }: StatsChartRequest): Promise<ChartImage | null> {
  const topic = topicId === null ? null : library.topics.find((candidate) => candidate.id === topicId);
  if (topic === undefined) return null;
  const papers = topic === null ? library.all() : library.papersInTopic(topic.id);
  const name = topic?.name ?? 'All papers';
  const title = since === null ? name : `${name} since ${format(parseISO(since, { in: utc }), 'd MMM yyyy', { in: utc })}`;
  return render(library, papers, { now: new Date(nowIso), title, inTopic: topic !== null, since });
}

/** A digest post's picture: the papers of its period and scope (see periodPapers). */
export async function periodChart(library: Library, request: PeriodChartRequest): Promise<ChartImage> {
  return render(library, periodPapers(library, request), {
    now: new Date(request.nowIso),
    title: request.title,
    inTopic: request.topicId !== null,
    since: null,
  });
}

async function render(
  library: Library,
  papers: readonly Paper[],
  options: { now: Date; title: string; inTopic: boolean; since: string | null },
): Promise<ChartImage> {
  const stats = digestStats(papers, {
    now: options.now,
    title: options.title,
    ...(options.since === null ? {} : { since: options.since }),
    labelsOf: options.inTopic ? (paper) => paper.keywords : (paper) => library.topicsOf(paper).map((topic) => topic.name),
    mixTitle: options.inTopic ? 'Keywords' : 'Topics',
  });
  // Loaded on first use: Vega and resvg are large, and most workers never draw a chart.
  const { renderStatsChart } = await import('../charts/render-stats-chart.js');
  const chart = await renderStatsChart(stats);
  return { png: chart.png, width: chart.width, height: chart.height, stats };
}
