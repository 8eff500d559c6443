import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import opentype, { type Font } from 'opentype.js';

/**
 * The charts' only typeface: Inter, read from the `@expo-google-fonts/inter` package (static
 * TTFs under the OFL), so text looks the same on every machine and no system font is used.
 * The same files serve two jobs: resvg draws with them, and `measureText` reads their advance
 * widths so Vega truncates labels and lays out axes with the real widths (its
 * built-in estimate, 0.8 em per character, is ~45% too wide for Inter).
 */
export const FONT_FAMILY = 'Inter';

type FontWeight = 400 | 700;

const require = createRequire(import.meta.url);
export const FONT_FILES: Readonly<Record<FontWeight, string>> = {
  400: require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  700: require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf'),
};

const fonts = new Map<FontWeight, Font>();

function fontOf(weight: FontWeight): Font {
  let font = fonts.get(weight);
  if (!font) {
    const bytes = readFileSync(FONT_FILES[weight]);
    font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    fonts.set(weight, font);
  }
  return font;
}

/**
 * The width of one line of text in pixels: the sum of its glyphs' advance widths. Glyph by
 * glyph on purpose: opentype.js's shaper throws on some of Inter's substitution lookups, and
 * it does not read Inter's kerning, which only ever tightens text, so this is a little
 * generous (1–6% over resvg's drawing) and never short. Characters Inter lacks measure as
 * its missing-glyph box.
 */
export function measureText(text: string, fontSize: number, weight: FontWeight = 400): number {
  const font = fontOf(weight);
  let units = 0;
  for (const char of text) units += font.charToGlyph(char).advanceWidth ?? 0;
  return (units * fontSize) / font.unitsPerEm;
}

/** Whether Inter has a glyph for every character of the text. */
export function canDraw(text: string): boolean {
  const font = fontOf(400);
  for (const char of text) if (font.charToGlyph(char).index === 0) return false;
  return true;
}

/**
 * Text Inter can draw: whitespace runs become one space and characters without a glyph (CJK,
 * emoji, control codes) become "?", so no renderer goes looking for a fallback font.
 */
export function drawableText(text: string): string {
  const font = fontOf(400);
  let out = '';
  for (const char of text.replace(/\s+/g, ' ').trim()) out += font.charToGlyph(char).index === 0 ? '?' : char;
  // Vega's runtime looks texts up as keys of plain objects: a title or label that names an
  // Object.prototype member ("valueOf", "constructor") throws "Operator not defined" there.
  // A trailing space, invisible at the end of a label, keeps it from being read as one.
  return out in Object.prototype ? `${out} ` : out;
}

/**
 * The text, or its longest start that fits `maxWidth` with "…" appended (trailing spaces and
 * punctuation dropped first, so no "language …" or "model,…"). Splits between code points,
 * never inside a surrogate pair.
 */
export function fitText(text: string, maxWidth: number, fontSize: number, weight: FontWeight = 400): string {
  if (measureText(text, fontSize, weight) <= maxWidth) return text;
  const chars = [...text];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measureText(`${chars.slice(0, middle).join('').trimEnd()}…`, fontSize, weight) <= maxWidth) low = middle;
    else high = middle - 1;
  }
  const kept = chars
    .slice(0, low)
    .join('')
    .replace(/[\s,;:.\-–—(/]+$/u, '');
  return kept === '' ? '…' : `${kept}…`;
}
