import { ApplicationCommandOptionType } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/command/command.js';
import { fitMessage } from '../src/present/fit-message.js';
import { descriptionBudget } from '../src/present/paging.js';
import { paperEmbed } from '../src/present/paper-embed.js';
import { reply } from '../src/present/reply-payload.js';

export default defineCommand({
  data: {
    name: 'latest',
    description: 'The newest papers in the digest',
    options: [{ type: ApplicationCommandOptionType.Integer, name: 'count', description: 'How many papers (1–10, default 5)', min_value: 1, max_value: 10 }],
  },
  options: z.object({ count: z.coerce.number().int().min(1).max(10).default(5) }),
  execute(context, { count }) {
    const papers = context.library.latest(count);
    if (papers.length === 0) return reply({ content: 'The digest is empty: add papers to the digest folder.' });
    const budget = descriptionBudget(papers.length);
    return fitMessage(
      reply({
        content: `🆕 The ${papers.length === 1 ? 'newest paper' : `${papers.length} newest papers`} of ${context.library.size}`,
        embeds: papers.map((paper, i) => paperEmbed(paper, { now: context.now(), position: { index: i + 1, total: papers.length }, maxDescription: budget })),
      }),
    );
  },
});
