import type { RemoteLibrary } from '../worker/library-api.js';

type ChartLibrary = Pick<RemoteLibrary, 'digestChart'>;

/**
 * The library, with each digest chart drawn once however many digests of one look show it:
 * the chart of a period depends on its scope (days, topic, keywords) and title only, so
 * subscriptions that share them share the first drawing (its moment, `nowIso`, is the
 * look's). A drawing that fails is failed for all of them alike, and none asks again in the
 * same look. Make one per look, so the next look draws the papers as they are then.
 */
export function shareCharts<Library extends ChartLibrary>(library: Library): Library {
  const drawn = new Map<string, ReturnType<ChartLibrary['digestChart']>>();
  return {
    ...library,
    digestChart: (request) => {
      const key = JSON.stringify([request.from, request.to, request.topicId, request.keywords, request.title]);
      let chart = drawn.get(key);
      if (chart === undefined) {
        chart = library.digestChart(request);
        drawn.set(key, chart);
      }
      return chart;
    },
  };
}
