import { issue, type FieldIssue } from './discord-errors.js';

/**
 * Discord's rules for message components (https://discord.com/developers/docs/components/reference):
 * at most 5 action rows of at most 5 buttons or 1 select menu; button labels up to 80;
 * custom ids 1 to 100 characters and unique within the message; link buttons have a url
 * and no custom id, other buttons a custom id and no url.
 */

export const COMPONENT_LIMITS = { rows: 5, buttonsPerRow: 5, label: 80, customIdMin: 1, customId: 100, selectOptions: 25, optionText: 100 } as const;

const ACTION_ROW = 1;
const BUTTON = 2;
const SELECTS = new Set([3, 5, 6, 7, 8]);
const LINK = 5;
const PREMIUM = 6;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const length = (text: string) => [...text].length;

export function checkComponents(components: unknown): FieldIssue[] {
  if (!Array.isArray(components)) return [issue.other(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.')];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  if (components.length > COMPONENT_LIMITS.rows) issues.push(issue.tooLong(['components'], COMPONENT_LIMITS.rows));
  components.forEach((row: unknown, r) => {
    const at = ['components', r];
    if (!isObject(row) || row.type !== ACTION_ROW) {
      issues.push(issue.choices([...at, 'type'], [ACTION_ROW]));
      return;
    }
    const children = Array.isArray(row.components) ? row.components : [];
    if (children.length < 1 || children.length > COMPONENT_LIMITS.buttonsPerRow)
      issues.push(issue.badLength([...at, 'components'], 1, COMPONENT_LIMITS.buttonsPerRow));
    const hasSelect = children.some((child: unknown) => isObject(child) && SELECTS.has(child.type as number));
    if (hasSelect && children.length > 1)
      issues.push(issue.other([...at, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width'));
    children.forEach((child: unknown, c) => issues.push(...checkChild(child, [...at, 'components', c], seen)));
  });
  return issues;
}

function checkChild(child: unknown, at: FieldIssue['path'], seen: Set<string>): FieldIssue[] {
  if (!isObject(child)) return [issue.required([...at, 'type'])];
  if (child.type === BUTTON) return checkButton(child, at, seen);
  if (SELECTS.has(child.type as number)) return checkSelect(child, at, seen);
  return [issue.choices([...at, 'type'], [BUTTON, ...SELECTS])];
}

function checkCustomId(value: unknown, at: FieldIssue['path'], seen: Set<string>): FieldIssue[] {
  if (value == null) return [issue.required([...at, 'custom_id'])];
  if (typeof value !== 'string' || length(value) < COMPONENT_LIMITS.customIdMin || length(value) > COMPONENT_LIMITS.customId)
    return [issue.badLength([...at, 'custom_id'], COMPONENT_LIMITS.customIdMin, COMPONENT_LIMITS.customId)];
  if (seen.has(value)) return [issue.other([...at, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated')];
  seen.add(value);
  return [];
}

function checkButton(button: Json, at: FieldIssue['path'], seen: Set<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const style = button.style as number;
  if (![1, 2, 3, 4, LINK, PREMIUM].includes(style)) issues.push(issue.choices([...at, 'style'], [1, 2, 3, 4, 5, 6]));
  if (typeof button.label === 'string' && length(button.label) > COMPONENT_LIMITS.label) issues.push(issue.tooLong([...at, 'label'], COMPONENT_LIMITS.label));
  if (style !== PREMIUM && (button.label == null || button.label === '') && button.emoji == null)
    issues.push(issue.other([...at, 'label'], 'BUTTON_COMPONENT_MISSING_LABEL', 'A button needs a label or an emoji.'));
  if (style === LINK) {
    if (typeof button.url !== 'string' || !/^(https?|discord):\/\/./.test(button.url)) issues.push(issue.required([...at, 'url']));
    if (button.custom_id != null)
      issues.push(issue.other([...at, 'custom_id'], 'BUTTON_COMPONENT_LINK_HAS_CUSTOM_ID', 'A link button cannot have a custom id.'));
  } else if (style === PREMIUM) {
    if (button.sku_id == null) issues.push(issue.required([...at, 'sku_id']));
  } else {
    issues.push(...checkCustomId(button.custom_id, at, seen));
    if (button.url != null) issues.push(issue.other([...at, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'Only link buttons can have a url.'));
  }
  return issues;
}

function checkSelect(select: Json, at: FieldIssue['path'], seen: Set<string>): FieldIssue[] {
  const issues = checkCustomId(select.custom_id, at, seen);
  if (select.type !== 3) return issues; // user, role, mentionable and channel selects have no options
  const options = Array.isArray(select.options) ? select.options : [];
  if (options.length < 1 || options.length > COMPONENT_LIMITS.selectOptions)
    issues.push(issue.badLength([...at, 'options'], 1, COMPONENT_LIMITS.selectOptions));
  options.forEach((option: unknown, o) => {
    const entry = isObject(option) ? option : {};
    for (const key of ['label', 'value'] as const) {
      const text = entry[key];
      if (typeof text !== 'string' || length(text) < 1 || length(text) > COMPONENT_LIMITS.optionText)
        issues.push(issue.badLength([...at, 'options', o, key], 1, COMPONENT_LIMITS.optionText));
    }
  });
  return issues;
}
