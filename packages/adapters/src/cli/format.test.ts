import stringWidth from 'string-width';
import { describe, expect, it, vi } from 'vitest';
import { csvField, toCsv, UTF8_BOM } from './format/csv.js';
import { clean, renderTable } from './format/table.js';
import { messages } from './i18n.js';
import { startProgress } from './progress.js';

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
