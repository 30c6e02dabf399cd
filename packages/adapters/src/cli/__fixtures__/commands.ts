import { fileURLToPath } from 'node:url';

/** The cases file shipped with the rules (packages/rules/cases/yicheng-2021.cases.json). */
export const casesFile = fileURLToPath(new URL('../../../../rules/cases/yicheng-2021.cases.json', import.meta.url));

/** Streams for a `run…Cli(args, io)` command function that keep what it writes to stdout and stderr. */
export function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) }, out: () => out.join(''), err: () => err.join('') };
}

/** A one-town facts document whose only enterprise has an accident with 3 deaths (a 较大事故). */
export const largerAccidentFacts = {
  period: { year: 2021 },
  units: [
    { id: 'town-1', kind: 'town', name: '峨山镇' },
    { id: 'ent-1', kind: 'enterprise', name: '企业1', industry: 'other', jurisdiction: 'town-1' },
  ],
  accidents: [{ id: 'acc-1', unitId: 'ent-1', occurredOn: '2021-05-01', deaths: 3, seriousInjuries: 0, directLossYuan: 0, concealed: false }],
};
