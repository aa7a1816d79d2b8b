/** The Cycloid API's shapes that keyform reads and sends (schemas/cycloid-api.schema.json holds the full ones). */

export interface ApiRule {
  id?: number;
  action: string;
  effect: string;
  resources?: string[];
}

export interface ApiUser {
  id: number;
  username: string;
  [field: string]: unknown;
}

export interface ApiKey {
  id: number;
  canonical: string;
  name: string;
  description?: string;
  owner?: ApiUser;
  rules: ApiRule[];
  last_seven: string;
  last_used?: number;
  /** Only in the answer to a create. */
  token?: string;
}

/** A created key: the token is there. */
export type CreatedApiKey = ApiKey & { token: string };

export interface NewApiKey {
  canonical?: string;
  name: string;
  description?: string;
  owner?: string;
  rules: { action: string; effect: string; resources?: string[] }[];
}

/** PUT is a full replace: a field not sent is cleared (owner excepted: absent keeps it). */
export interface UpdateApiKey {
  name: string;
  description?: string;
  owner?: string;
}

export interface Policy {
  id: number;
  code: string;
  description: string;
  [field: string]: unknown;
}

export interface Pagination {
  index: number;
  size: number;
  total: number;
}

export interface Page<T> {
  data: T[];
  pagination: Pagination;
}
