/**
 * What the policy-testing commands (audit, coverage, test-cases) write to: two string sinks, so their
 * tests capture them, and — from the CLI — the language, colours and a progress line.
 */
import type { Lang } from '../i18n.js';
import type { Paint } from '../paint.js';
import type { Progress } from '../progress.js';

export interface TestingCliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Default Chinese. */
  lang?: Lang;
  /** Default plain text. */
  paint?: Paint;
  /** A progress line (default none). */
  progress?: (label: string) => Progress;
}

export const integerOption = (v: string): number => (/^-?\d+$/.test(v) ? Number(v) : NaN);
