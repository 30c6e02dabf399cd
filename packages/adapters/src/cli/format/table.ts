/**
 * Plain-text tables for terminals: columns aligned by display width (a Chinese character takes two
 * columns), so that 镇街 names and numbers line up. Control characters in data are neutralised so
 * that a unit name cannot move the cursor or recolour the terminal.
 */
import stringWidth from 'string-width';

export interface Column {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

export type Cell = string | number | null | undefined;

// C0 and C1 controls (ESC starts terminal escape sequences), and Unicode line/paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One line of text that is safe to print: control characters and line breaks become spaces. */
export function clean(text: string): string {
  return text.replace(CONTROL, ' ');
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  return clean(String(cell));
}

/** Pads `text` to `width` display columns. */
export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = Math.max(0, width - stringWidth(text));
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}

export interface TableOptions {
  /** Prefix of every line (default two spaces). */
  indent?: string;
  /** Between columns (default two spaces). */
  gap?: string;
}

/**
 * The table as lines: header, a rule, rows. The last column is not padded (no trailing spaces), so
 * a long last cell (reasons, messages) does not widen the others.
 */
export function renderTable(columns: readonly Column[], rows: ReadonlyArray<readonly Cell[]>, options: TableOptions = {}): string[] {
  const indent = options.indent ?? '  ';
  const gap = options.gap ?? '  ';
  const texts = rows.map((row) => columns.map((_, i) => cellText(row[i])));
  const headers = columns.map((c) => clean(c.header));
  const widths = columns.map((_, i) => Math.max(stringWidth(headers[i] as string), ...texts.map((r) => stringWidth(r[i] as string))));
  const last = columns.length - 1;
  const line = (cells: readonly string[]): string =>
    (
      indent +
      cells
        .map((text, i) => {
          const align = columns[i]?.align ?? 'left';
          if (i === last && align === 'left') return text;
          return pad(text, widths[i] as number, align);
        })
        .join(gap)
    ).trimEnd();
  const rule = indent + widths.map((w) => '-'.repeat(Math.max(1, w))).join(gap);
  return [line(headers), rule, ...texts.map(line)];
}
