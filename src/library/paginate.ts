export interface Page<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pageCount: number;
  total: number;
  /** 1-based position of the first item. */
  firstPosition: number;
}

/** Cuts a list into pages; an out-of-range page is clamped, never an error. */
export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  return paginateWith(items.length, page, pageSize, (offset, limit) => items.slice(offset, offset + limit));
}

/**
 * A page of `total` items that `read(offset, limit)` fetches (a database query), the page
 * clamped as `paginate` does: only that page is read.
 */
export function paginateWith<T>(total: number, page: number, pageSize: number, read: (offset: number, limit: number) => T[]): Page<T> {
  const { start, size, ...rest } = pageWindow(total, page, pageSize);
  return { items: read(start, size), ...rest };
}

/** paginateWith for a `read` that resolves later (a store). */
export async function paginateAsync<T>(total: number, page: number, pageSize: number, read: (offset: number, limit: number) => Promise<T[]>): Promise<Page<T>> {
  const { start, size, ...rest } = pageWindow(total, page, pageSize);
  return { items: await read(start, size), ...rest };
}

function pageWindow(total: number, page: number, pageSize: number): Omit<Page<never>, 'items'> & { start: number; size: number } {
  const size = Math.max(1, Math.floor(pageSize));
  const pageCount = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const start = (current - 1) * size;
  return { start, size, page: current, pageCount, total, firstPosition: start + 1 };
}
