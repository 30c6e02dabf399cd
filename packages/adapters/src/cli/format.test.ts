import stringWidth from 'string-width';
import { describe, expect, it, vi } from 'vitest';
import { csvField, toCsv, UTF8_BOM } from './format/csv.js';
import { clean, renderTable } from './format/table.js';
import { messages } from './i18n.js';
import { estimateLeftMs, startProgress } from './progress.js';

describe('renderTable', () => {
  it('aligns columns by display width, Chinese characters counting two', () => {
    const lines = renderTable(
      [{ header: '名次', align: 'right' }, { header: '单位' }, { header: '得分', align: 'right' }, { header: '等次' }],
      [
        [1, '峄城经济开发区', '92.50', '优秀'],
        [12, 'Zone A', '8.00', 'pass'],
        [3, '阴平镇', '100.00', '良好'],
      ],
    );
    expect(lines).toHaveLength(5);
    // The grade column starts at the same display column in every line (header, rule, rows).
    const starts = lines.map((l) => {
      const cells = l.trim().split(/\s{2,}/);
      const last = cells[cells.length - 1] as string;
      return stringWidth(l.slice(0, l.lastIndexOf(last)));
    });
    expect(new Set(starts).size).toBe(1);
    // Right-aligned numbers end at the same column.
    const scoreEnds = lines.slice(2).map((l) => stringWidth(l.slice(0, l.search(/\d+\.\d\d/) + (l.match(/\d+\.\d\d/)?.[0].length ?? 0))));
    expect(new Set(scoreEnds).size).toBe(1);
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('neutralises control characters in data', () => {
    const [, , row] = renderTable([{ header: 'a' }], [['x\u001b[31my\nz']]);
    expect(row).not.toContain('\u001b');
    expect(row).not.toContain('\n');
    expect(clean('a\u2028b')).toBe('a b');
  });
});

describe('CSV', () => {
  it('starts with a BOM, ends lines with CRLF and quotes what needs quoting', () => {
    const text = toCsv(['名称', '说明'], [['甲,乙', 'say "hi"'], ['多\n行', 3]]);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text.slice(1).split('\r\n')).toEqual(['名称,说明', '"甲,乙","say ""hi"""', '"多\n行",3', '']);
  });

  it('defuses spreadsheet formulas in text but not negative numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-4)).toBe('-4');
    expect(csvField(null)).toBe('');
    expect(toCsv(['a'], [], { bom: false })).toBe('a\r\n');
  });
});

describe('progress', () => {
  it('draws on a terminal only after a second, and erases itself', () => {
    vi.useFakeTimers();
    try {
      let written = '';
      const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((written += s), true), isTTY: true }, cwd: '/', env: {} };
      const p = startProgress(io, messages('zh-CN'), '正在评估');
      vi.advanceTimersByTime(900);
      expect(written).toBe('');
      vi.advanceTimersByTime(300);
      expect(written).toContain('正在评估');
      p.stop();
      expect(written.endsWith('\r\x1b[2K')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows n/N, the elapsed time and the time left once counts come in', () => {
    vi.useFakeTimers();
    try {
      let written = '';
      const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((written += s), true), isTTY: true }, cwd: '/', env: {} };
      const p = startProgress(io, messages('zh-CN'), '正在检查不变量');
      vi.advanceTimersByTime(2000);
      p.update(1, 4);
      expect(written.split('\r\x1b[2K').at(-1)).toMatch(/^. 正在检查不变量 1\/4 {2}已用 2\.0 秒，预计还需 6\.0 秒$/);
      let printed = '';
      p.interrupt(() => (printed = written));
      expect(printed.endsWith('\r\x1b[2K')).toBe(true);
      p.stop();
      const en = startProgress(io, messages('en'), 'checking invariants', { delayMs: 0 });
      en.update(3, 4);
      expect(written.split('\r\x1b[2K').at(-1)).toMatch(/^. checking invariants 3\/4 {2}0\.0 s elapsed, about 0\.0 s left$/);
      en.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('draws at once when asked to, before work that blocks the event loop', () => {
    let written = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((written += s), true), isTTY: true }, cwd: '/', env: {} };
    const p = startProgress(io, messages('zh-CN'), '正在读取事实数据');
    p.phase(messages('zh-CN').progressEvaluatingUnits(100000));
    expect(written).toBe('');
    p.show();
    expect(written.startsWith('\r\x1b[2K')).toBe(true);
    expect(written.slice(5)).toMatch(/^. 正在单线程评估 100000 个单位（--workers 可用多线程并显示进度）（0\.\d 秒）$/);
    p.stop();
  });

  it('estimates the time left from the pace so far', () => {
    expect([estimateLeftMs(1000, 0, 10), estimateLeftMs(1000, 1, 10), estimateLeftMs(4000, 4, 4)]).toEqual([null, 9000, 0]);
  });

  it('stays silent with --quiet, even on a terminal', () => {
    vi.useFakeTimers();
    try {
      let written = '';
      const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((written += s), true), isTTY: true }, cwd: '/', env: {} };
      const p = startProgress(io, messages('zh-CN'), 'x', { quiet: true });
      vi.advanceTimersByTime(5000);
      p.update(1, 2);
      p.stop();
      expect(written).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });

  it('stays silent when stderr is not a terminal', () => {
    vi.useFakeTimers();
    try {
      let written = '';
      const io = { stdout: { write: () => true }, stderr: { write: (s: string) => ((written += s), true) }, cwd: '/', env: {} };
      const p = startProgress(io, messages('zh-CN'), 'x');
      vi.advanceTimersByTime(5000);
      p.stop();
      expect(written).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });
});
