/**
 * The conformance suite every fact source passes, built-in or third-party:
 *
 *   testSource('my source', () => mySource(options), { facts: { units: [...] }, issueCount: 0 });
 *
 * Each test makes a fresh source and disposes it. `records()`, when offered, must yield what `read()`
 * returns: records of array collections in order, and a top-level value that is not an array (such as
 * `period`) as a single record whose collection is its key.
 */
import { describe, expect, it } from 'vitest';
import type { FactSource, FactsInput, SourceIssue, SourceResult } from '../plugin/types.js';

export interface SourceExpectation {
  /** The facts the source must read (deep equality). */
  facts: FactsInput;
  /** How many issues the source must report (unchecked when absent). */
  issueCount?: number;
}

const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const LOCATION_KEYS = new Set(['file', 'sheet', 'row', 'column', 'line', 'col']);

function isPlainObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Asserts an issue is well-formed: stable code, both languages, a location of known keys and types. */
export function expectWellFormedIssue(issue: SourceIssue): void {
  expect(typeof issue.code, 'issue code').toBe('string');
  expect(issue.code, 'issue code is UPPER_SNAKE').toMatch(CODE);
  expect(typeof issue.message['zh-CN'], 'zh-CN message').toBe('string');
  expect(issue.message['zh-CN'].length, 'zh-CN message').toBeGreaterThan(0);
  expect(typeof issue.message.en, 'en message').toBe('string');
  expect(issue.message.en.length, 'en message').toBeGreaterThan(0);
  expect(isPlainObject(issue.location), 'location is an object').toBe(true);
  for (const [key, value] of Object.entries(issue.location)) {
    expect(LOCATION_KEYS.has(key), `location key ${key}`).toBe(true);
    if (key === 'file' || key === 'sheet' || key === 'column') expect(typeof value, `location.${key}`).toBe('string');
    else {
      expect(Number.isInteger(value), `location.${key} is an integer`).toBe(true);
      expect(value as number, `location.${key} is 1-based`).toBeGreaterThanOrEqual(1);
    }
  }
}

/** Registers the conformance tests for a source factory (call it at the top level of a test file or in a describe). */
export function testSource(name: string, makeSource: () => FactSource | Promise<FactSource>, expected: SourceExpectation): void {
  async function withSource<T>(body: (source: FactSource) => Promise<T>): Promise<T> {
    const source = await makeSource();
    try {
      return await body(source);
    } finally {
      await source.dispose?.();
    }
  }

  async function read(source: FactSource): Promise<SourceResult> {
    return await source.read();
  }

  describe(`fact source conformance: ${name}`, () => {
    it('has a name', async () => {
      await withSource(async (source) => {
        expect(typeof source.name).toBe('string');
        expect(source.name.length).toBeGreaterThan(0);
      });
    });

    it('read() resolves to { facts, issues } with facts a plain, JSON-serialisable object', async () => {
      await withSource(async (source) => {
        const result = await read(source);
        expect(isPlainObject(result)).toBe(true);
        expect(isPlainObject(result.facts)).toBe(true);
        expect(Array.isArray(result.issues)).toBe(true);
        // Facts travel as JSON (CLI, HTTP, workers): no Dates, functions or undefined inside.
        expect(JSON.parse(JSON.stringify(result.facts))).toEqual(result.facts);
      });
    });

    it('reads the expected facts', async () => {
      await withSource(async (source) => {
        const { facts } = await read(source);
        expect(facts).toEqual(expected.facts);
      });
    });

    it('reports well-formed issues', async () => {
      await withSource(async (source) => {
        const { issues } = await read(source);
        for (const issue of issues) expectWellFormedIssue(issue);
        if (expected.issueCount !== undefined) expect(issues, JSON.stringify(issues.map((i) => i.message.en))).toHaveLength(expected.issueCount);
      });
    });

    it('gives the same result when read twice', async () => {
      await withSource(async (source) => {
        const first = await read(source);
        const snapshot = JSON.parse(JSON.stringify(first)) as SourceResult;
        // The caller owns what read() returned: changing it must not change the next read.
        first.facts['__conformance_probe'] = true;
        const second = await read(source);
        expect(second).toEqual(snapshot);
      });
    });

    it('dispose (when present) is idempotent', async () => {
      const source = await makeSource();
      await read(source);
      await source.dispose?.();
      await expect(Promise.resolve(source.dispose?.())).resolves.toBeUndefined();
    });

    it('records() (when present) yields what read() returns', async () => {
      await withSource(async (source) => {
        const result = await read(source);
        if (!source.records) return;
        const rebuilt: FactsInput = {};
        for (const [key, value] of Object.entries(result.facts)) if (Array.isArray(value)) rebuilt[key] = [];
        let issueCount = 0;
        for await (const item of source.records()) {
          if ('issue' in item) {
            expectWellFormedIssue(item.issue);
            issueCount++;
            continue;
          }
          expect(typeof item.collection).toBe('string');
          expect(isPlainObject(item.location)).toBe(true);
          const list = rebuilt[item.collection];
          if (Array.isArray(list)) list.push(item.record);
          else {
            expect(rebuilt, `non-collection value ${item.collection} is yielded once`).not.toHaveProperty(item.collection);
            rebuilt[item.collection] = item.record;
          }
        }
        expect(rebuilt).toEqual(result.facts);
        expect(issueCount).toBe(result.issues.length);
      });
    });
  });
}
