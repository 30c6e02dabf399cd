/**
 * A progress indicator on stderr for work that takes more than a second: only when stderr is a
 * terminal (never in pipes, files or CI logs), redrawn in place, erased when done. The engine does
 * not report per-unit progress, so this shows the phase and the elapsed time (on worker threads, the
 * chunks decided of all).
 */
import type { CliIo } from './io.js';
import type { Messages } from './i18n.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  /** Switches to another phase. */
  phase(label: string): void;
  /** Erases the indicator (if it was drawn). */
  stop(): void;
}

export function startProgress(io: CliIo, m: Messages, label: string, options: { delayMs?: number; intervalMs?: number } = {}): Progress {
  const stderr = io.stderr;
  if (stderr.isTTY !== true) return { phase: () => undefined, stop: () => undefined };
  const started = Date.now();
  const delay = options.delayMs ?? 1000;
  let current = label;
  let frame = 0;
  let drawn = false;
  const draw = () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stderr.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${m.progress(current, seconds)}`);
    drawn = true;
  };
  let interval: ReturnType<typeof setInterval> | undefined;
  const timeout = setTimeout(() => {
    draw();
    interval = setInterval(draw, options.intervalMs ?? 100);
    interval.unref?.();
  }, delay);
  timeout.unref?.();
  return {
    phase(next) {
      current = next;
      if (drawn) draw();
    },
    stop() {
      clearTimeout(timeout);
      if (interval !== undefined) clearInterval(interval);
      if (drawn) stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
