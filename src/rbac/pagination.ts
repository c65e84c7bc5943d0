export const DEFAULT_PER_PAGE = 15;
export const MAX_PER_PAGE = 100;

export interface Page<T> {
  data: T[];
  current_page: number;
  per_page: number;
  total: number;
  last_page: number;
}

export interface PageRequest {
  page: number;
  perPage: number;
}

export function pageRequest(page?: number, perPage?: number): PageRequest {
  return { page: page ?? 1, perPage: perPage ?? DEFAULT_PER_PAGE };
}

export const pageOffset = (request: PageRequest) => (request.page - 1) * request.perPage;

/** Laravel's LengthAwarePaginator fields (last_page is at least 1, even with no rows). */
export function toPage<T>(data: T[], request: PageRequest, total: number): Page<T> {
  return {
    data,
    current_page: request.page,
    per_page: request.perPage,
    total,
    last_page: Math.max(1, Math.ceil(total / request.perPage)),
  };
}
