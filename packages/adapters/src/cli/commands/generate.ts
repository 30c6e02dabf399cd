/**
 * `anquan generate --enterprises N --seed S --out F`: a year of facts from the pack's seeded generator
 * (the default pack's is the one the benchmark uses) — the same seed gives the same file, so a run at
 * scale can be repeated without writing code. `.json` writes one document (stdout without --out);
 * `.ndjson`/`.jsonl` writes lines grouped by unit, as `anquan stream` reads them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { writeGroupedNdjson } from '../../batch/grouped-ndjson.js';
import { helpText } from '../i18n.js';
import { CliError, factsKind, UsageError, type CliContext } from '../io.js';
import type { Finish } from './types.js';

interface GenerateOptions {
  enterprises: string;
  seed?: string | undefined;
  year?: string | undefined;
  out?: string | undefined;
}

/** The largest district the command writes (the generator takes about a second per 100,000). */
const MAX_ENTERPRISES = 10_000_000;

export function registerGenerate(program: Command, ctx: CliContext, finish: Finish): void {
  const { lang } = ctx;
  program
    .command('generate')
    .description(helpText(lang, 'cmdGenerate'))
    .requiredOption('--enterprises <n>', helpText(lang, 'optEnterprises'))
    .option('--seed <n>', helpText(lang, 'optGenSeed'))
    .option('--year <year>', helpText(lang, 'optGenYear'))
    .option('--out <file>', helpText(lang, 'optGenOut'))
    .action(async (options: GenerateOptions) => finish(await generate(ctx, options)));
}

async function generate(ctx: CliContext, options: GenerateOptions): Promise<number> {
  const { m } = ctx;
  const enterprises = /^\d{1,8}$/.test(options.enterprises) ? Number(options.enterprises) : NaN;
  if (!(enterprises <= MAX_ENTERPRISES)) throw new UsageError(m.badEnterprises(options.enterprises));
  const seed = options.seed === undefined ? 2021 : /^-?\d{1,10}$/.test(options.seed) ? Number(options.seed) : NaN;
  if (!Number.isSafeInteger(seed)) throw new UsageError(m.badGenSeed(options.seed ?? ''));
  const year = options.year === undefined ? undefined : /^\d{4}$/.test(options.year) && Number(options.year) >= 2000 && Number(options.year) <= 2100 ? Number(options.year) : NaN;
  if (Number.isNaN(year)) throw new UsageError(m.badYear(options.year ?? ''));
  const kind = options.out === undefined ? 'json' : factsKind(options.out);
  if (kind !== 'json' && kind !== 'ndjson') throw new UsageError(m.badGenOut(options.out ?? ''));

  const pack = await ctx.pack();
  if (!pack.generate) throw new CliError(1, m.packNoGenerator(pack.id));
  const progress = ctx.progress(m.generating);
  try {
    const facts = pack.generate({ seed, units: enterprises, ...(year === undefined ? {} : { year }) }) as { units: readonly unknown[] };
    const units = facts.units.length;
    if (options.out === undefined) {
      ctx.io.stdout.write(JSON.stringify(facts) + '\n');
      return 0;
    }
    const file = ctx.path(options.out);
    await mkdir(dirname(file), { recursive: true });
    if (kind === 'ndjson') await writeGroupedNdjson(facts as unknown as Record<string, unknown>, file);
    else await writeFile(file, JSON.stringify(facts) + '\n', 'utf8');
    progress.stop();
    if (!ctx.quiet) ctx.err(m.generated(options.out, enterprises, units));
    return 0;
  } finally {
    progress.stop();
  }
}
