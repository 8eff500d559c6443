import { defineCommand } from '../src/interactions/command.js';
import { integerOption } from '../src/interactions/options.js';
import { fitMessage } from '../src/present/fit-message.js';
import { descriptionBudget } from '../src/present/paging.js';
import { paperEmbed } from '../src/present/paper-embed.js';
import { nothingFound, reply } from '../src/present/reply-payload.js';
import { withSaveButtons } from '../src/present/save-buttons.js';

export default defineCommand({
  name: 'latest',
  description: 'The newest papers in the digest',
  options: { count: integerOption('How many papers', { min: 1, max: 10, default: 5 }) },
  async execute(context, { count }) {
    const [papers, status] = await Promise.all([context.library.latest(count), context.library.status()]);
    if (papers.length === 0) return nothingFound({ content: 'The digest is empty: add papers to the digest folder.' });
    const budget = descriptionBudget(papers.length);
    const message = fitMessage(
      reply({
        content: `🆕 The ${papers.length === 1 ? 'newest paper' : `${papers.length} newest papers`} of ${status.indexed.toLocaleString('en-US')}`,
        embeds: papers.map((paper, i) => paperEmbed(paper, { now: context.now(), position: { index: i + 1, total: papers.length }, maxDescription: budget })),
      }),
    );
    return withSaveButtons(message, papers.slice(0, message.embeds.length));
  },
});
