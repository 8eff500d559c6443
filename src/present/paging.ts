import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord.js';
import type { Page } from '../library/paginate.js';
import { LIMITS } from './discord-limits.js';

/**
 * Previous and Next buttons. `customIdFor(page)` encodes the target page; the ids differ
 * because the targets differ, as Discord requires within a message.
 */
export function pageButtons(page: Page<unknown>, customIdFor: (page: number) => string): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (page.pageCount <= 1) return [];
  const previous = customIdFor(page.page - 1);
  const next = customIdFor(page.page + 1);
  for (const id of [previous, next]) {
    if (id.length > LIMITS.customId) throw new Error(`custom id over ${LIMITS.customId} characters: ${id}`);
  }
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: '◀ Previous', custom_id: previous, disabled: page.page <= 1 },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next ▶', custom_id: next, disabled: page.page >= page.pageCount },
      ],
    },
  ];
}

/** Splits the 6000-character embed budget over the embeds of one page. */
export function descriptionBudget(embedCount: number): number {
  // About 350 characters per embed go to title, fields and footer.
  return Math.max(100, Math.min(LIMITS.embedDescription, Math.floor(LIMITS.embedTotal / Math.max(1, embedCount)) - 350));
}
