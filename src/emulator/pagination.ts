/** `page_index` (from 1) and `page_size` (default 1000) as the API documents them. */
import { unprocessable } from './errors.js';

const UINT32_MAX = 4_294_967_295;

function parseParam(query: URLSearchParams, name: string, fallback: number, problems: string[]): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1 || Number(raw) > UINT32_MAX) {
    problems.push(`${name} in query: must be an integer from 1 to ${UINT32_MAX}`);
    return fallback;
  }
  return Number(raw);
}

export function paginate<T, V>(items: T[], query: URLSearchParams, view: (item: T) => V) {
  const { page, pagination } = pageOf(items, query);
  return { data: page.map(view), pagination };
}

/** The items of the requested page, and the pagination object to answer with. */
export function pageOf<T>(items: T[], query: URLSearchParams): { page: T[]; pagination: { index: number; size: number; total: number } } {
  const problems: string[] = [];
  const index = parseParam(query, 'page_index', 1, problems);
  const size = parseParam(query, 'page_size', 1000, problems);
  if (problems.length > 0) throw unprocessable('The pagination parameters are invalid', problems);
  const start = (index - 1) * size;
  const page = start >= items.length ? [] : items.slice(start, start + size);
  return { page, pagination: { index, size, total: items.length } };
}
