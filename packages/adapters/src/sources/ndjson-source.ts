/**
 * A fact source reading newline-delimited JSON: one object per line,
 *
 *   {"period":{"year":2024}}                                  (optional header: sets facts.period)
 *   {"collection":"units","record":{"id":"U1",...}}
 *   {"collection":"accidents","record":{...}}
 *
 * Streamed a block of lines at a time: `records()` (or `batches()`) keeps memory constant whatever the file size;
 * `read()` collects everything into `{ period, units: [...], accidents: [...] }`. A bad line is an issue
 * with its line number; the other lines are still read.
 *
 * `records()` yields the period header as a record of collection "period" (a top-level value that is
 * not a collection); every other record belongs to an array collection.
 */
import { open } from 'node:fs/promises';
import type { FactSource, FactsInput, SourceIssue, SourceLocation, SourceResult } from '../plugin/types.js';
import { FORBIDDEN_KEYS, firstInvalidUtf8, isPlainObject, notUtf8Issue, parseJsonText, readFailedIssue, sourceIssue } from './json-source.js';

export type NdjsonSourceOptions =
  | {
      file: string;
      /** Longest accepted line in characters (default 64 Mi): a runaway line is an issue, not an out-of-memory crash. */
      maxLineLength?: number;
    }
  | {
      /** A stream the caller owns; it can be read once (read() results are kept for a second read()). */
      stream: NodeJS.ReadableStream | AsyncIterable<string | Uint8Array>;
      maxLineLength?: number;
    };

export type NdjsonItem = { collection: string; record: unknown; location: SourceLocation } | { issue: SourceIssue };

export interface NdjsonSource extends FactSource {
  readonly name: 'ndjson';
  read(): Promise<SourceResult>;
  records(): AsyncIterable<NdjsonItem>;
  /** The same items as `records()`, a block of lines at a time (for readers of large files: one asynchronous step a block). */
  batches(): AsyncIterable<NdjsonItem[]>;
  /** Closes files still open by abandoned iterations; idempotent. */
  dispose(): Promise<void>;
}

const DEFAULT_MAX_LINE = 64 * 1024 * 1024;
/**
 * Bytes a read of a file takes (Node's default): a block's text then dies young; a block of a megabyte
 * is a large object in V8, kept until a full collection (measured: a streamed run under a memory budget
 * was slower with it).
 */
const READ_CHUNK = 64 * 1024;
/** Line breaks as node:readline reads them (crlfDelay: Infinity): CR LF, LF or a lone CR. */
const LINE_BREAK = /\r\n|\n|\r/;
const PERIOD = 'period';

/** Length of the part of `buf` that ends on a character boundary (a split character waits for the next chunk). */
function completeUtf8Length(buf: Uint8Array): number {
  let p = buf.length - 1;
  let back = 0;
  while (p >= 0 && back < 3 && ((buf[p] as number) & 0xc0) === 0x80) {
    p--;
    back++;
  }
  if (p < 0) return buf.length;
  const lead = buf[p] as number;
  const size = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 1;
  return size > 1 && p + size > buf.length ? p : buf.length;
}

export function ndjsonSource(options: NdjsonSourceOptions): NdjsonSource {
  const file = 'file' in options ? options.file : undefined;
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE;
  const openStreams = new Set<{ destroy(): void }>();
  // A caller's stream can be read once: read() keeps its result, a second live read is an issue.
  let streamUsed = false;
  let cached: SourceResult | undefined;

  const consumedIssue = (): SourceIssue =>
    sourceIssue('STREAM_CONSUMED', {}, '输入流已被读取过，无法再次读取', 'the input stream was already read and cannot be read again');

  /**
   * Text chunks of the input, decoded as strict UTF-8. Problems (not UTF-8, read error, runaway line)
   * end the text early and are handed to `report`, so that lines before them are still read.
   */
  async function* decoded(input: AsyncIterable<string | Uint8Array>, report: (issue: SourceIssue) => void): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    // Only whole lines are handed on: a problem then never leaves half a line to be misread as a bad line.
    let carry = '';
    let leftover: Uint8Array = new Uint8Array(0);
    let line = 1;
    const tooLong = (): void =>
      report(sourceIssue('TOO_LARGE', { file, line }, `第 ${line} 行过长（超过 ${maxLineLength} 个字符），停止读取`, `line ${line} is longer than ${maxLineLength} characters; reading stopped`));
    /** Whole lines (text ending with a newline) up to the first one over the limit; counts lines. */
    const wholeLines = (text: string): { ok: boolean; text: string } => {
      let start = 0;
      while (start < text.length) {
        const nl = text.indexOf('\n', start);
        const end = nl === -1 ? text.length : nl;
        if (end - start > maxLineLength) {
          tooLong();
          return { ok: false, text: text.slice(0, start) };
        }
        if (nl === -1) break;
        line++;
        start = nl + 1;
      }
      return { ok: true, text };
    };
    /** Appends decoded text; yields the whole lines it completes. */
    function* push(text: string): Generator<string, boolean> {
      const nl = text.lastIndexOf('\n');
      if (nl === -1) {
        // No newline: the line goes on (string concatenation is cheap, no rescan of the carry).
        carry += text;
        if (carry.length > maxLineLength) {
          tooLong();
          return false;
        }
        return true;
      }
      const lines = wholeLines(carry + text.slice(0, nl + 1));
      carry = text.slice(nl + 1);
      if (lines.text !== '') yield lines.text;
      return lines.ok;
    }
    try {
      for await (const chunk of input) {
        if (typeof chunk === 'string') {
          if (!(yield* push(chunk))) return;
          continue;
        }
        const buf = leftover.length > 0 ? Buffer.concat([leftover, chunk]) : chunk;
        const cut = completeUtf8Length(buf);
        leftover = buf.slice(cut);
        let text: string;
        try {
          text = decoder.decode(buf.subarray(0, cut));
        } catch {
          // Complete lines before the bad byte are still read; the issue names the bad byte's line.
          const at = Math.max(0, firstInvalidUtf8(buf));
          yield* push(new TextDecoder().decode(buf.subarray(0, at)));
          report(notUtf8Issue({ file, line }));
          return;
        }
        if (!(yield* push(text))) return;
      }
    } catch (error) {
      report(readFailedIssue(file ?? '(stream)', error));
      return;
    }
    if (leftover.length > 0) {
      report(notUtf8Issue({ file, line }));
      return;
    }
    if (carry !== '') yield carry;
  }

  /** Interprets one line: a record, the period header, or an issue. */
  function interpret(text: string, line: number, seenPeriod: { value: boolean }): NdjsonItem[] {
    const location: SourceLocation = file === undefined ? { line } : { file, line };
    const badLine = (zh: string, en: string): NdjsonItem[] => [{ issue: sourceIssue('BAD_LINE', location, `第 ${line} 行：${zh}`, `line ${line}: ${en}`) }];
    const parsed = parseJsonText(text, file, line - 1);
    if (!parsed.ok) {
      const first = parsed.issues[0];
      return first ? [{ issue: { ...first, code: 'BAD_LINE' } }] : badLine('JSON 无效', 'invalid JSON');
    }
    // A line with a forbidden key anywhere is dropped whole: a half-record could pass as a valid one.
    if (parsed.issues.length > 0) return parsed.issues.map((issue) => ({ issue: { ...issue, message: { 'zh-CN': `${issue.message['zh-CN']}（整行未读取）`, en: `${issue.message.en} (line skipped)` } } }));
    const value = parsed.value;
    if (!isPlainObject(value)) return badLine('应为 JSON 对象', 'must be a JSON object');
    const keys = Object.keys(value);
    if ('collection' in value) {
      const extra = keys.filter((k) => k !== 'collection' && k !== 'record');
      if (extra.length > 0) return badLine(`多余的键 ${extra.join('、')}（只允许 collection 和 record）`, `unexpected key(s) ${extra.join(', ')} (only collection and record are allowed)`);
      const collection = value.collection;
      if (typeof collection !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(collection) || FORBIDDEN_KEYS.has(collection) || collection === PERIOD) {
        return badLine(`collection 应为集合名（如 "accidents"），实际为 ${JSON.stringify(collection)}`, `collection must be a collection name such as "accidents", not ${JSON.stringify(collection)}`);
      }
      if (!isPlainObject(value.record)) return badLine('record 应为 JSON 对象', 'record must be a JSON object');
      return [{ collection, record: value.record, location }];
    }
    if (PERIOD in value) {
      if (keys.length !== 1) return badLine('期间行只能含 period 一个键', 'the period line must hold only the key period');
      if (seenPeriod.value) return [{ issue: sourceIssue('DUPLICATE_PERIOD', location, `第 ${line} 行：period 重复出现，已忽略`, `line ${line}: period given again; ignored`) }];
      seenPeriod.value = true;
      return [{ collection: PERIOD, record: value.period, location }];
    }
    return badLine('应含 collection 和 record（或 period）', 'must hold collection and record (or period)');
  }

  /**
   * Live streaming over the input, the items of each block of whole lines at once (a block is what one
   * read of the input decodes to): one asynchronous step a block, not a line. Lines end at "\n", "\r\n"
   * or a lone "\r", as node:readline splits them.
   */
  async function* batches(): AsyncGenerator<NdjsonItem[]> {
    let raw: AsyncIterable<string | Uint8Array> & Partial<{ destroy(): void }>;
    let closeFile: (() => Promise<void>) | undefined;
    if ('file' in options) {
      try {
        const handle = await open(options.file, 'r');
        const s = handle.createReadStream({ highWaterMark: READ_CHUNK });
        raw = s;
        closeFile = async () => {
          s.destroy();
          await handle.close().catch(() => undefined);
        };
      } catch (error) {
        yield [{ issue: readFailedIssue(options.file, error) }];
        return;
      }
    } else {
      raw = options.stream as AsyncIterable<string | Uint8Array>;
    }
    const handleRef = { destroy: () => void closeFile?.() };
    openStreams.add(handleRef);
    const late: SourceIssue[] = [];
    const seenPeriod = { value: false };
    let line = 0;
    const take = (text: string, items: NdjsonItem[]): void => {
      line++;
      const body = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      if (body.trim() === '') return;
      for (const item of interpret(body, line, seenPeriod)) items.push(item);
    };
    try {
      for await (const block of decoded(raw, (issue) => late.push(issue))) {
        const items: NdjsonItem[] = [];
        if (block.includes('\r')) {
          const lines = block.split(LINE_BREAK);
          // A block of whole lines ends with a line break: nothing follows the last one (the last block may end without).
          if (lines.at(-1) === '') lines.pop();
          for (const text of lines) take(text, items);
        } else {
          let start = 0;
          while (start < block.length) {
            const nl = block.indexOf('\n', start);
            const end = nl === -1 ? block.length : nl;
            take(block.slice(start, end), items);
            start = end + 1;
          }
        }
        if (items.length > 0) yield items;
      }
      if (late.length > 0) yield late.map((issue) => ({ issue }));
    } finally {
      openStreams.delete(handleRef);
      await closeFile?.();
    }
  }

  /** Live streaming over the input, item by item. */
  async function* stream(): AsyncGenerator<NdjsonItem> {
    for await (const items of batches()) yield* items;
  }

  /** Replays a kept read() result (stream inputs only). */
  async function* replay(result: SourceResult): AsyncGenerator<NdjsonItem> {
    for (const [collection, value] of Object.entries(result.facts)) {
      if (Array.isArray(value)) for (const record of value) yield { collection, record, location: {} };
      else yield { collection, record: value, location: {} };
    }
    for (const issue of result.issues) yield { issue };
  }

  function records(): AsyncIterable<NdjsonItem> {
    if ('file' in options) return stream();
    if (cached) return replay(structuredClone(cached));
    if (streamUsed) return replay({ facts: {}, issues: [consumedIssue()] });
    streamUsed = true;
    return stream();
  }

  async function* oneByOne(items: AsyncIterable<NdjsonItem>): AsyncGenerator<NdjsonItem[]> {
    for await (const item of items) yield [item];
  }

  function recordBatches(): AsyncIterable<NdjsonItem[]> {
    if ('file' in options) return batches();
    if (cached || streamUsed) return oneByOne(records());
    streamUsed = true;
    return batches();
  }

  async function collect(items: AsyncIterable<NdjsonItem>): Promise<SourceResult> {
    const facts: FactsInput = {};
    const issues: SourceIssue[] = [];
    for await (const item of items) {
      if ('issue' in item) {
        issues.push(item.issue);
      } else if (item.collection === PERIOD) {
        facts.period = item.record;
      } else {
        const list = facts[item.collection];
        if (Array.isArray(list)) list.push(item.record);
        else facts[item.collection] = [item.record];
      }
    }
    return { facts, issues };
  }

  return {
    name: 'ndjson',
    records,
    batches: recordBatches,
    async read() {
      if ('file' in options) return collect(stream());
      if (cached) return structuredClone(cached);
      if (streamUsed) return { facts: {}, issues: [consumedIssue()] };
      streamUsed = true;
      cached = await collect(stream());
      return structuredClone(cached);
    },
    async dispose() {
      for (const s of [...openStreams]) s.destroy();
      openStreams.clear();
    },
  };
}
