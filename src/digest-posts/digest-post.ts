import { z } from 'zod';
import type { Paper } from '../digest/paper.js';
import type { DigestView } from '../present/digest-message.js';

/**
 * What a queued digest batch carries besides its papers (in `payload.papers`): everything
 * the post shows, fixed when it was queued, so a retry after a crash posts the same message.
 * Read back from the database through this schema.
 */
export const DigestPostSchema = z.object({
  subscriptionId: z.number().int(),
  period: z.object({ schedule: z.enum(['daily', 'weekly', 'monthly']), start: z.iso.date(), end: z.iso.date() }),
  subject: z.string().nullable(),
  total: z.number().int().nonnegative(),
  countsCurrent: z.boolean(),
  countsAsOf: z.iso.date().nullable(),
  chart: z.object({ name: z.string().min(1), description: z.string(), pngBase64: z.string().min(1) }).nullable(),
});
export type DigestPost = z.infer<typeof DigestPostSchema>;

export const DIGEST_BATCH_KIND = 'digest';

/** The presenter's view of a digest batch. */
export function digestView(post: DigestPost, papers: readonly Paper[]): DigestView {
  return {
    period: post.period,
    subject: post.subject,
    papers,
    total: post.total,
    countsCurrent: post.countsCurrent,
    countsAsOf: post.countsAsOf,
    chart: post.chart ? { name: post.chart.name, description: post.chart.description, data: Buffer.from(post.chart.pngBase64, 'base64') } : null,
  };
}
