import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIComponentInMessageActionRow } from 'discord.js';
import type { Paper } from '../digest/paper.js';
import { paperShortId } from '../library/short-id.js';
import { savedButtonId } from './custom-id.js';
import { LIMITS } from './discord-limits.js';
import type { ReplyPayload } from './reply-payload.js';

/** Discord's limit on action rows per message. */
const MAX_ACTION_ROWS = 5;
const BOOKMARK = { name: '🔖' };

/** The custom id of a paper's Save button (savedButtonId.save). */
export function saveButtonId(paper: Pick<Paper, 'arxivId' | 'key'>): string {
  return savedButtonId.save(paperShortId(paper));
}

/** A 🔖 Save button for one paper; `label` tells papers of one message apart ("Save 3"). */
export function saveButton(paper: Pick<Paper, 'arxivId' | 'key'>, label = 'Save'): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: BOOKMARK, label, custom_id: saveButtonId(paper) };
}

/**
 * Adds Save buttons for the papers of a message, after its other rows: "🔖 Save 1" … in rows
 * of 5, numbered by `labels` (the positions or citations the embeds show) or else in order;
 * a single unnumbered paper gets a plain "🔖 Save". Only as many as the rows left allow (5 per message); a paper shown twice gets
 * one button, as custom ids must be unique within a message.
 */
export function withSaveButtons(payload: ReplyPayload, papers: readonly Paper[], labels?: readonly (number | string)[]): ReplyPayload {
  const seen = new Set<string>();
  const buttons = papers.flatMap((paper, i) => {
    const id = saveButtonId(paper);
    if (seen.has(id)) return [];
    seen.add(id);
    return [saveButton(paper, papers.length === 1 && !labels ? 'Save' : `Save ${labels?.[i] ?? i + 1}`)];
  });
  const room = (MAX_ACTION_ROWS - payload.components.length) * LIMITS.componentsPerRow;
  const kept = buttons.slice(0, Math.max(0, room));
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  for (let i = 0; i < kept.length; i += LIMITS.componentsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: kept.slice(i, i + LIMITS.componentsPerRow) });
  }
  return { ...payload, components: [...payload.components, ...rows] };
}
