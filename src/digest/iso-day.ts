const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/**
 * The UTC calendar day (`YYYY-MM-DD`) of an ISO timestamp, or null when it is not a real
 * date: `2025-02-30T00:00:00Z` is null (V8 would roll it over to March 2), and so is a year
 * outside 0000-9999.
 */
export function isoDay(value: string | null | undefined): string | null {
  if (!value) return null;
  const written = DAY.exec(value.trim());
  if (written && !isRealDay(written[0])) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  const day = new Date(time).toISOString().slice(0, 10);
  return DAY.test(day) ? day : null;
}

/** The first real `YYYY-MM-DD` in a file's own name (not its folder), or null. */
export function dayInFileName(file: string): string | null {
  const base = file.slice(file.lastIndexOf('/') + 1);
  for (const [day] of base.matchAll(/(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)/g)) if (isRealDay(day)) return day;
  return null;
}

/** Whether a `YYYY-MM-DD` names a day that exists (Date.parse takes 2026-02-31 as 3 March). */
export function isRealDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
}
