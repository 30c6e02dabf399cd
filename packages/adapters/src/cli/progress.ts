/**
 * A progress line on stderr for work that takes more than a second: only when stderr is a terminal
 * (never in pipes, files or CI logs) and not with --quiet, redrawn in place, erased when done. It
 * shows what is being done and the elapsed time; with a count (`update(done, total)`) also n/N and
 * the time left. A count is drawn when it is reported, so work that blocks the event loop between
 * two counts still moves the line.
 */
import type { CliIo } from './cli-io.js';
import type { Messages } from './i18n.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  /** Switches to another phase (its count starts again). */
  phase(label: string): void;
  /** n of N done in the current phase. */
  update(done: number, total: number): void;
  /** Draws the line now, without waiting (before work that blocks the event loop). */
  show(): void;
  /** Erases the indicator (if it was drawn); the next write starts on a clean line. */
  stop(): void;
  /** Erases the line for a moment so that `write` can print a result, then draws it again. */
  interrupt(write: () => void): void;
}

export interface ProgressOptions {
  delayMs?: number;
  intervalMs?: number;
  quiet?: boolean;
}

const silent: Progress = { phase: () => undefined, update: () => undefined, show: () => undefined, stop: () => undefined, interrupt: (write) => write() };

/** The time left, from the pace so far (null until something is done). */
export function estimateLeftMs(elapsedMs: number, done: number, total: number): number | null {
  if (done <= 0 || total <= done) return done >= total && total > 0 ? 0 : null;
  return (elapsedMs / done) * (total - done);
}

export function startProgress(io: CliIo, m: Messages, label: string, options: ProgressOptions = {}): Progress {
  const stderr = io.stderr;
  if (stderr.isTTY !== true || options.quiet === true) return silent;
  const started = Date.now();
  const delay = options.delayMs ?? 1000;
  let current = label;
  let count: { done: number; total: number; at: number } | null = null;
  let frame = 0;
  let drawn = false;
  let shown = false;
  const text = () => {
    const now = Date.now();
    if (count === null) return m.progress(current, ((now - started) / 1000).toFixed(1));
    const left = estimateLeftMs(count.at - started, count.done, count.total);
    return m.progressCount(current, count.done, count.total, m.duration((now - started) / 1000), left === null ? null : m.duration(left / 1000));
  };
  const draw = () => {
    stderr.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${text()}`);
    drawn = true;
  };
  const erase = () => {
    if (drawn) stderr.write('\r\x1b[2K');
    drawn = false;
  };
  let interval: ReturnType<typeof setInterval> | undefined;
  const timeout = setTimeout(() => {
    shown = true;
    draw();
    interval = setInterval(draw, options.intervalMs ?? 100);
    interval.unref?.();
  }, delay);
  timeout.unref?.();
  return {
    phase(next) {
      current = next;
      count = null;
      if (drawn) draw();
    },
    update(done, total) {
      count = { done, total, at: Date.now() };
      if (shown || Date.now() - started >= delay) {
        shown = true;
        draw();
      }
    },
    show() {
      shown = true;
      draw();
    },
    stop() {
      clearTimeout(timeout);
      if (interval !== undefined) clearInterval(interval);
      erase();
    },
    interrupt(write) {
      const was = drawn;
      erase();
      write();
      if (was) draw();
    },
  };
}
