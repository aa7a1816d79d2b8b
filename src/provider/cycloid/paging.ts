/**
 * Reading a whole list through its pages (API-NOTES): `page_size=1000`, `page_index` from 1, until `total` items
 * are in hand or a page is empty. A server that never ends is stopped after ceil(total/size)+2 pages, or 1,000,
 * and one that sends a page of nothing but items already read (it ignores page_index) at once.
 */
import { ApiError } from './api-error.js';
import type { Page } from './api-types.js';

export const PAGE_SIZE = 1000;
export const MAX_PAGES = 1000;

export async function collectPages<T>(
  fetchPage: (index: number, size: number) => Promise<Page<T>>,
  where: { method: string; path: string },
  key: (item: T) => string | number,
  size = PAGE_SIZE,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string | number>();
  for (let index = 1; ; index++) {
    const page = await fetchPage(index, size);
    const before = items.length;
    for (const item of page.data) {
      const k = key(item);
      if (seen.has(k)) continue;
      seen.add(k);
      items.push(item);
    }
    const { total } = page.pagination;
    if (page.data.length === 0 || items.length >= total) return items;
    if (items.length === before) {
      throw new ApiError({
        code: 'BAD_RESPONSE',
        message: `${where.method} ${where.path}: page ${index} holds only items of earlier pages (the server seems to ignore page_index; it announced ${total} items, ${items.length} read): giving up`,
        method: where.method,
        path: where.path,
        status: 200,
      });
    }
    const perPage = Math.max(1, Math.min(size, page.pagination.size || size));
    const limit = Math.min(MAX_PAGES, Math.ceil(total / perPage) + 2);
    if (index >= limit) {
      throw new ApiError({
        code: 'BAD_RESPONSE',
        message: `${where.method} ${where.path}: the server kept sending pages (${index} pages read, ${items.length} of the ${total} items it announced): giving up`,
        method: where.method,
        path: where.path,
        status: 200,
      });
    }
  }
}
