/**
 * Commander's own messages (unknown option, missing argument, invalid choice, …) in Chinese: commander
 * writes them in English only, so the CLI's error output rewrites each known sentence. A sentence it
 * does not know stays as commander wrote it, without the "error: " prefix.
 */

type Rewrite = [RegExp, (...groups: string[]) => string];

const SENTENCES: Rewrite[] = [
  [/^unknown option '(.+?)'/, (flag) => `未知的选项 ${flag}`],
  [/^unknown command '(.+?)'/, (name) => `未知的命令 ${name}`],
  [/^missing required argument '(.+?)'/, (name) => `缺少必需的参数 <${name}>`],
  [/^required option '(.+?)' not specified/, (flags) => `缺少必需的选项 ${flags}`],
  [/^option '(.+?)' argument missing/, (flags) => `选项 ${flags} 缺少取值`],
  [/^option '(.+?)' argument '(.*?)' is invalid\./, (flags, value) => `选项 ${flags} 的取值「${value}」无效。`],
  [/^command-argument value '(.*?)' is invalid for argument '(.+?)'\./, (value, name) => `参数 <${name}> 的取值「${value}」无效。`],
  [/^too many arguments(?: for '(.+?)')?\. Expected (\d+) arguments? but got (\d+)\./, (cmd, expected, got) => `${cmd ? `命令 ${cmd} 的` : ''}参数过多：应为 ${expected} 个，实际 ${got} 个。`],
  [/^too many arguments/, () => '参数过多。'],
  [/ ?Allowed choices are (.+?)\.$/, (list) => `可选值：${list.split(', ').join('、')}。`],
  [/^\(Did you mean one of (.+?)\?\)$/, (list) => `（是否想输入：${list.split(', ').join('、')}？）`],
  [/^\(Did you mean (.+?)\?\)$/, (one) => `（是否想输入 ${one}？）`],
];

function rewriteLine(line: string): string {
  let rest = line.replace(/^error: /, '');
  let out = '';
  // A line may hold two sentences ("… is invalid. Allowed choices are …."): rewrite each known one.
  while (rest !== '') {
    const hit = SENTENCES.map(([re, zh]) => [re.exec(rest), zh] as const).find(([m]) => m !== null && (m.index === 0 || m[0].startsWith(' ')));
    if (hit === undefined || hit[0] === null) return out + rest;
    const [m, zh] = hit;
    out += rest.slice(0, m.index) + zh(...m.slice(1).map((g) => g ?? ''));
    rest = rest.slice(m.index + m[0].length).trimStart();
  }
  return out;
}

/** Commander's error text in Chinese (line by line); other text is returned unchanged. */
export function commanderErrorZh(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : rewriteLine(line)))
    .join('\n');
}
