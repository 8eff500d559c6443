import { expect } from 'vitest';
import { embedLength } from '../../src/present/fit-message.js';
import { LIMITS } from '../../src/present/discord-limits.js';
import type { ReplyPayload } from '../../src/present/reply-payload.js';

/** Asserts every Discord limit on a payload, and that it cannot ping. */
export function expectWithinDiscordLimits(payload: ReplyPayload): void {
  expect(payload.allowedMentions).toEqual({ parse: [] });
  expect(payload.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
  expect(payload.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  let total = 0;
  for (const embed of payload.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(field.value.length).toBeGreaterThan(0);
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footerText);
    total += embedLength(embed);
  }
  expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
  expect(payload.files.length).toBeLessThanOrEqual(LIMITS.attachmentsPerMessage);
  for (const file of payload.files) expect(file.data.byteLength).toBeLessThanOrEqual(LIMITS.attachmentBytes);
  for (const row of payload.components) {
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.componentsPerRow);
    for (const component of row.components) {
      if ('custom_id' in component) expect(component.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
      if ('label' in component && component.label) expect(component.label.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
    }
  }
}
