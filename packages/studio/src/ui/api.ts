/** The page's calls to its server: the token from the address bar goes with every request. */
import type { UnitImpact } from '@anquan/core';
import type { PolicyText } from '../policy/types.js';
import type { StudioIssue } from '../server/check.js';
import type { Vocabulary } from '../server/vocabulary.js';

const token = new URLSearchParams(location.search).get('token') ?? '';

/** A problem of a rule file, as the server's checks report it. */
export type Issue = StudioIssue;

export interface SourceIssue {
  code: string;
  location: { file?: string; sheet?: string; row?: number; column?: string; line?: number; col?: number };
  message: { 'zh-CN': string };
}

export interface FactsState {
  label: string;
  units: number;
  issues: SourceIssue[];
}

export interface StudioState {
  folder: string;
  files: Array<{ name: string; text: string; hash: string }>;
  facts: FactsState;
  vocabulary: Vocabulary;
  opinion: PolicyText;
  changes: Array<{ at: string; who: string; why: string; file: string; fromVersion: string; toVersion: string }>;
  today: string;
}

export type { ImpactChange, UnitImpact } from '@anquan/core';

export type ImpactResult =
  | { ok: true; changes: Array<{ message: { 'zh-CN': string } }>; impact: UnitImpact[]; byKind: Record<string, number>; asOf: string }
  | { ok: false; issues: Issue[]; message?: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { 'x-studio-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    const err = type.includes('json') ? ((await res.json()) as { code?: string; message?: string; details?: unknown }) : {};
    throw new ApiError(res.status, err.code ?? 'HTTP', err.message ?? `请求失败（${res.status}）`, err.details);
  }
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  state: () => call<StudioState>('GET', '/api/state'),
  schema: () => call<Record<string, unknown>>('GET', '/api/schema'),
  hashes: () => call<Record<string, string>>('GET', '/api/hashes'),
  check: (drafts: Record<string, string>) => call<{ ok: boolean; issues: Issue[] }>('POST', '/api/check', { drafts }),
  impact: (drafts: Record<string, string>) => call<ImpactResult>('POST', '/api/impact', { drafts }),
  report: (drafts: Record<string, string>) => call<string>('POST', '/api/report', { drafts }),
  save: (body: { name: string; text: string; baseHash: string; who: string; why: string; bump: string }) =>
    call<{ ok: true; text: string; hash: string; version: string }>('POST', '/api/save', body),
  facts: (body: unknown) => call<{ ok: boolean; facts: FactsState }>('POST', '/api/facts', body),
};
