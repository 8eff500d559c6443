const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "2s", "15m", "1h", "500ms", "1d" → milliseconds; null for anything else. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d{1,7})\s*(ms|s|m|h|d)\s*$/i.exec(text);
  if (!match) return null;
  const ms = Number(match[1]) * (UNITS[(match[2] as string).toLowerCase()] as number);
  return ms > 0 ? ms : null;
}
