/** A small HTTP client for tests: one call, the status, headers and parsed JSON body. */
import { request } from 'undici';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
  text: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** A raw body sent as is (string or Buffer), instead of JSON. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | Buffer | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  const res = await request(`${baseUrl}${path}`, { method: method as 'GET', headers, body });
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body: parsed, text };
}

/** A client bound to one emulator and token. */
export function client(baseUrl: string, token?: string) {
  const withToken = (o: CallOptions = {}): CallOptions => (token !== undefined && o.token === undefined ? { ...o, token } : o);
  return {
    get: (path: string, o?: CallOptions) => call(baseUrl, 'GET', path, withToken(o)),
    post: (path: string, body: unknown, o?: CallOptions) => call(baseUrl, 'POST', path, withToken({ ...o, body })),
    put: (path: string, body: unknown, o?: CallOptions) => call(baseUrl, 'PUT', path, withToken({ ...o, body })),
    delete: (path: string, o?: CallOptions) => call(baseUrl, 'DELETE', path, withToken(o)),
    call: (method: string, path: string, o?: CallOptions) => call(baseUrl, method, path, withToken(o)),
  };
}
