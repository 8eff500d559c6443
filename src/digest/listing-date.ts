const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date line of the listing: "Oct 2, 2024", "Apr 26", optionally followed by upvotes ("Feb 5 7"). */
const DATE_LINE = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+(\d+))?$/;

export interface ListingDate {
  month: number; // 1-12
  day: number;
  year: number | null; // null when the listing omits it (the listing's own year)
  upvotes: number | null;
}

export function parseDateLine(line: string): ListingDate | null {
  const match = DATE_LINE.exec(line.trim());
  if (!match) return null;
  const [, monthName = '', day = '', year, upvotes] = match;
  return {
    month: MONTHS.indexOf(monthName) + 1,
    day: Number(day),
    year: year === undefined ? null : Number(year),
    upvotes: upvotes === undefined ? null : Number(upvotes),
  };
}

/**
 * The year of a yearless listing date. An arXiv id `YYMM.NNNNN` says when the paper was
 * submitted, and Hugging Face dates a paper by its submission, so the year is the one that
 * puts the date closest to that month (a Dec 31 listing of a `2601.` id is the year before).
 * Without an id, the listing's own year is used: Hugging Face omits the year only for the
 * current year, so it is later than every year the listing writes out. Never today's date.
 */
export function resolveYear(date: Pick<ListingDate, 'month' | 'day' | 'year'>, arxivId: string | null, listingYear: number | null): number | null {
  if (date.year !== null) return date.year;
  const yymm = arxivId === null ? null : /^(\d{2})(\d{2})\./.exec(arxivId);
  if (yymm) {
    const idYear = 2000 + Number(yymm[1]);
    const idMonthIndex = idYear * 12 + Number(yymm[2]) - 1;
    const candidates = [idYear - 1, idYear, idYear + 1];
    return candidates.reduce((best, year) =>
      Math.abs(year * 12 + date.month - 1 - idMonthIndex) < Math.abs(best * 12 + date.month - 1 - idMonthIndex) ? year : best,
    );
  }
  return listingYear;
}

/** `YYYY-MM-DD`, or null when the day does not exist in that month (e.g. Feb 30). */
export function toIsoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}
