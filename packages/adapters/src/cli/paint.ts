/**
 * Colour for verdicts (pass green, fail and veto red, notes yellow) — only on a terminal and only when
 * NO_COLOR is not set (https://no-color.org): piped output, files and CI logs stay plain text.
 */
import type { CliIo } from './cli-io.js';

export interface Paint {
  pass(text: string): string;
  fail(text: string): string;
  note(text: string): string;
}

const plain: Paint = { pass: (s) => s, fail: (s) => s, note: (s) => s };
const sgr = (code: number) => (s: string) => `\x1b[${code}m${s}\x1b[39m`;
const colours: Paint = { pass: sgr(32), fail: sgr(31), note: sgr(33) };

/** Colours when `io.stdout` is a terminal and NO_COLOR is unset or empty; plain text otherwise. */
export function paintFor(io: Pick<CliIo, 'stdout' | 'env'>): Paint {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return io.stdout.isTTY === true && !noColor ? colours : plain;
}
