/**
 * Every string the CLI shows a person, in the two languages the product speaks: Chinese (default, for
 * policy staff) and English (`--lang en`, for developers). Data (unit names, rule titles, citations)
 * stays as the rule sets and facts have it.
 */

export type Lang = 'zh-CN' | 'en';

/** The language asked for: `--lang en` / `--lang=en` anywhere in argv, else ANQUAN_LANG, else Chinese. */
export function detectLang(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Lang {
  let asked: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (a === '--lang') asked = argv[i + 1];
    else if (a.startsWith('--lang=')) asked = a.slice('--lang='.length);
  }
  return normalizeLang(asked ?? env.ANQUAN_LANG);
}

export function normalizeLang(value: string | undefined): Lang {
  return value !== undefined && /^en\b/i.test(value) ? 'en' : 'zh-CN';
}

const zh = {
  // ---- program and help ----
  programDescription: '安全生产考核规则引擎命令行：按峄政发〔2021〕1号评估峄城区的镇街、部门和企业',
  optLang: '输出语言：zh-CN（默认）或 en',
  optHelp: '显示帮助',
  optVersion: '显示版本号',
  helpCommand: '显示某个命令的帮助',
  helpAfterError: '（运行 anquan --help 查看用法）',
  titleUsage: '用法 Usage:',
  titleOptions: '选项 Options:',
  titleGlobalOptions: '全局选项 Global Options:',
  titleCommands: '命令 Commands:',
  titleArguments: '参数 Arguments:',

  cmdAssess: '评估考核、一票否决、奖励与执法措施（不带参数时评估内置的示例区县）',
  optFacts: '事实数据文件：.json、.ndjson，或配合 --mapping 的 .csv/.xlsx 台账（CSV 可重复指定）',
  optRules: '规则集目录（默认：内置的峄政发〔2021〕1号规则集）',
  optAsOf: '评估日期 YYYY-MM-DD（默认：事实数据中的 period.asOf，否则年末）',
  optYear: '考核年度（从 CSV/XLSX 台账读取时使用）',
  optFormat: '输出格式：table（表格）、json、csv、html',
  optOut: '写入文件而不是标准输出',
  optMode: '求值方式：compiled（编译，默认）或 reference（json-rules-engine 参照实现）',
  optTrace: '在结果中包含每条规则的求值过程',
  optMapping: 'CSV/XLSX 台账的列映射文件（JSON）',
  optStore: '把决定追加写入该 SQLite 决定日志',
  optWorkers: '用 n 个线程评估（含当前线程；大批量数据用，结果与单线程相同）',

  cmdValidate: '校验规则集或事实数据文件（目录展开为其中的 *.json）',
  argFiles: '规则集或事实数据文件、目录',

  cmdExplain: '逐条解释一个单位的评估过程',
  optUnit: '单位标识',

  cmdSchema: '输出 JSON Schema（ruleset 规则集、facts 事实数据、decision 评估结果）',
  argSchemaWhich: 'ruleset、facts 或 decision',

  cmdServe: '启动 HTTP 服务',
  optHost: '监听地址（默认 127.0.0.1；非本机地址必须设置令牌）',
  optPort: '端口（默认 8080）',
  optToken: '访问令牌（也可用环境变量 ANQUAN_TOKEN）',

  cmdVerifyLog: '校验 SQLite 决定日志的哈希链是否完整',
  cmdStream: '流式评估放不进内存的大型 NDJSON 事实文件（按单位分组：每个企业一行后紧跟其记录），每个决定一行 JSON',
  optStreamFacts: 'NDJSON 事实文件（按单位分组）',
  optStreamOut: '把决定（每行一个 JSON）写入该文件，而不是标准输出',
  optChunkSize: '每块评估的企业数（默认 2000）',
  optMaxRepeats: '最多处理的重复标识数（重复的单位行与记录标识，默认 10000；逐个核对，超过即拒绝整个文件）',
  optHeapMb: '内存预算（MB，至少 64）：在工作线程中评估，其堆内存以此为限（100 万家企业约需 256）',
  optDb: '决定日志文件（默认 .anquan/decisions.sqlite）',

  // ---- errors ----
  usageError: (text: string) => `用法错误：${text}`,
  unexpected: (code: string, text: string) => `anquan: 意外错误（代码 ${code}）：${text}`,
  badDate: (v: string) => `日期「${v}」无效，应为 YYYY-MM-DD`,
  badYear: (v: string) => `年度「${v}」无效，应为 2000–2100 之间的整数`,
  badWorkers: (v: string) => `线程数「${v}」无效，应为 1–256 之间的整数`,
  badChunkSize: (v: string) => `每块企业数「${v}」无效，应为正整数`,
  badMaxRepeats: (v: string) => `重复标识上限「${v}」无效，应为非负整数`,
  badHeapMb: (v: string) => `内存预算「${v}」无效，应为不小于 64 的整数（MB）`,
  budgetOverridden: (budget: number, applied: number) => `注意：进程的 --max-old-space-size（命令行或 NODE_OPTIONS）优先于内存预算 ${budget} MB，本次实际堆上限为 ${applied} MB`,
  moreIssues: (n: number) => `……另有 ${n} 条问题未列出`,
  streamDone: (decided: number, issues: number, asOf: string) => `流式评估完成：评估日期 ${asOf}，${decided} 个单位，数据问题 ${issues} 条`,
  workersNeedCompiled: '多线程评估（--workers）只适用于 compiled 求值方式',
  badPort: (v: string) => `端口「${v}」无效，应为 0–65535 之间的整数`,
  unknownFactsType: (file: string) => `无法识别事实数据文件类型：${file}（支持 .json、.ndjson、.jsonl、.csv、.xlsx）`,
  mappingRequired: '读取 CSV/XLSX 台账需要 --mapping 映射文件',
  yearRequired: '从 CSV/XLSX 台账读取时须用 --year 或 --as-of 指定考核年度',
  oneFactsFile: '只有 CSV 台账可以指定多个 --facts 文件',
  fileNotFound: (file: string) => `找不到文件：${file}`,
  sampleMissing: (file: string) => `找不到内置示例数据 ${file}，请用 --facts 指定事实数据文件`,
  factsUnreadable: '事实数据读取失败：',
  rulesInvalid: '规则集无效：',
  evaluationFailed: (text: string) => `评估失败：${text}`,
  wroteFile: (file: string) => `已写入 ${file}`,
  storeWritten: (n: number, file: string, head: string) => `已将 ${n} 条决定追加到 ${file}（链头 ${head.slice(0, 12)}）`,
  storeFailed: (file: string, text: string) => `写入决定日志 ${file} 失败：${text}`,
  htmlMissing: 'HTML 报告模块（packages/adapters/src/report/html.ts 的 renderHtmlReport）尚未提供，请改用 --format table|json|csv',
  progress: (label: string, seconds: string) => `${label}（${seconds} 秒）`,
  progressReading: '正在读取事实数据',
  progressEvaluating: '正在评估',

  // ---- assess: table report ----
  reportTitle: '峄城区安全生产工作考核评估（峄政发〔2021〕1号）',
  reportYear: '考核年度',
  reportAsOf: '评估日期',
  reportUnits: (decided: number, total: number) => `单位 ${total} 个（已作出决定 ${decided} 个）`,
  reportRuleSets: '规则集',
  colRuleSetId: '规则集',
  colVersion: '版本',
  colKind: '类型',
  colHash: '哈希',
  sectionTerritorial: '一、镇街园区排名',
  sectionDepartments: '二、区直部门排名',
  sectionRewards: '三、安全生产奖励（前 20 名）',
  sectionEnforcement: '四、执法措施',
  sectionAccidents: '五、事故分级',
  sectionIssues: '六、输入问题',
  colRank: '名次',
  colName: '单位',
  colScore: '得分',
  colGrade: '等次',
  colVeto: '一票否决',
  colMerit: '积分',
  colCategories: '成绩类别',
  colBasis: '法律依据',
  colNotice: '通知',
  colRule: '规则',
  colAccidentGrade: '等级',
  colCount: '起数',
  colAccidents: '事故',
  colUnitId: '单位标识',
  colPointer: '位置',
  colMessage: '说明',
  colAction: '措施',
  colWhy: '原因',
  yes: '是',
  no: '否',
  none: '无',
  gradeBefore: (g: string) => `（原${g}）`,
  vetoYes: (reasons: string) => `是：${reasons}`,
  listSep: '、',
  reasonSep: '；',
  rewardSummary: (assessed: number, eligible: number, awarded: number, excluded: number) => `参评 ${assessed} 家，符合奖励条件 ${eligible} 家，获奖 ${awarded} 家，被排除 ${excluded} 家`,
  actionGroup: (code: string, title: string, n: number) => `${code} ${title}（${n} 家）`,
  noticeHours: (h: number, written: boolean) => `提前 ${h} 小时${written ? '书面' : ''}通知`,
  withheldTitle: '未能采取的措施',
  moreAccidents: (n: number) => `等 ${n} 起`,
  issuesNote: (n: number) => `共 ${n} 个问题；涉及的单位未作出决定，其余单位照常评估`,
  noIssues: '无',

  // ---- validate ----
  validatePassRuleSet: (file: string, id: string, version: string, hash: string) => `✓ ${file}  通过（规则集 ${id} ${version} ${hash}）`,
  validatePassFacts: (file: string, units: number) => `✓ ${file}  通过（事实数据，${units} 个单位）`,
  validateFail: (file: string, n: number) => `✗ ${file}  ${n} 个问题`,
  validateUnknownDoc: '既不是规则集（缺少 "kind"）也不是事实数据（缺少 "units"）',
  validateBundle: (n: number) => `${n} 个规则集作为一组共同校验`,
  validateIndividually: '规则集类型重复，逐个校验',
  validateSummary: (ok: number, bad: number) => `通过 ${ok} 个，未通过 ${bad} 个`,
  emptyDir: (dir: string) => `目录 ${dir} 中没有 *.json 文件`,

  // ---- explain ----
  unknownUnit: (id: string) => `找不到单位「${id}」`,
  unitNotDecided: (id: string) => `单位「${id}」的输入有问题，未作出决定：`,
  explainHeader: (name: string, id: string, kind: string) => `单位：${name}（${id}，${kind}）`,
  explainPeriod: (year: number, asOf: string) => `考核年度 ${year}，评估日期 ${asOf}`,
  explainRuleSet: (id: string, version: string, kind: string) => `== 规则集 ${id} ${version}（${kind}）==`,
  explainNoRules: '（本单位不适用该规则集）',
  explainCite: '依据',
  explainWhy: '说明',
  explainPoints: '分值',
  explainProvenance: '出处',
  provenanceLabels: { opinion: '原文', law: '法律', parameter: '参数（本区设定）', reading: '解释（本系统的理解）' } as Record<string, string>,
  explainPeriodOf: (title: string) => `［${title}］`,
  leafLine: (label: string, seen: string, phrase: string, expected: string, operator: string) => `${label}：实际 ${seen}；要求${phrase} ${expected}（${operator}）`,
  groupAll: '以下全部满足',
  groupAny: '以下任一满足',
  groupNot: '以下不成立',
  outcomeTitle: '== 结果 ==',
  outcomeVeto: (v: string) => `一票否决：${v}`,
  outcomeAssessment: (score: string, grade: string, rank: string) => `考核：得分 ${score}，等次 ${grade}，名次 ${rank}`,
  outcomePeriods: (list: string) => `  分阶段：${list}`,
  outcomeOverride: (text: string) => `  等次调整：${text}`,
  outcomeItem: (period: string, title: string, pts: string, weight: number, weighted: string, provenance: string) => `  ［${period}］${title}：${pts} 分，按权重 ${weight}% 计入总分 ${weighted} 分（出处：${provenance}）`,
  outcomeItemsNote: '  注：各考核期分别计分。半年督查与年终考核的考核期有重叠的，期内同一事项在每期各计一次；各类别扣分设上限，封顶后以分阶段得分为准。',
  outcomeReason: (text: string) => `  理由：${text}`,
  outcomeReward: (eligible: string, awarded: string, rank: string, merit: string) => `奖励：符合条件 ${eligible}，获奖 ${awarded}，名次 ${rank}，积分 ${merit}`,
  outcomeCategories: (list: string) => `  成绩类别：${list}`,
  outcomeExclusion: (text: string) => `  排除：${text}`,
  outcomeEnforcement: (n: number) => `执法措施：${n} 项`,
  outcomeAction: (code: string, title: string, basis: string) => `  ${code} ${title}${basis ? `（${basis}）` : ''}`,
  outcomeWithheld: (code: string, why: string) => `  未采取 ${code}：${why}`,
  outcomeActionWhy: (text: string) => `    ${text}`,
  outcomeRecords: (collection: string) => `记录（${collection}）：`,

  // ---- schema ----
  schemaUnknown: (which: string) => `未知的 Schema「${which}」，可选 ruleset、facts、decision`,

  // ---- serve ----
  tokenRequired: (host: string) => `在非本机地址 ${host} 上提供服务必须设置访问令牌（--token 或环境变量 ANQUAN_TOKEN）`,
  serverMissing: 'HTTP 服务模块不可用',
  serving: (url: string) => `服务已启动：${url}（按 Ctrl+C 停止）`,
  serverStopped: '服务已停止',
  serverFailed: (text: string) => `无法启动服务：${text}`,

  // ---- verify-log ----
  dbMissing: (file: string) => `找不到决定日志：${file}`,
  verifyOk: (n: number, head: string) => `决定日志完整：${n} 条记录，链头 ${head}`,
  verifyBad: (seq: number, code: string, reason: string) => `决定日志在第 ${seq} 条记录处校验失败（${code}）：${reason}`,
  verifyBadCount: (n: number) => `此前 ${n} 条记录校验通过`,
  storeError: (text: string) => `无法打开决定日志：${text}`,

  commandUnavailable: (text: string) => `该命令不可用（可能缺少可选依赖 fast-check）：${text}`,

  // ---- vocabulary ----
  kindLabels: { veto: '一票否决', score: '考核评分', eligibility: '奖励资格', enforcement: '执法措施', classification: '分级', amount: '金额', composition: '组合' } as Record<string, string>,
};

export type Messages = typeof zh;

const en: Messages = {
  programDescription: 'Work-safety rules engine CLI: assesses the towns, departments and enterprises of Yicheng District under 峄政发〔2021〕1号',
  optLang: 'output language: zh-CN (default) or en',
  optHelp: 'display help',
  optVersion: 'output the version number',
  helpCommand: 'display help for a command',
  helpAfterError: '(run anquan --help for usage)',
  titleUsage: 'Usage:',
  titleOptions: 'Options:',
  titleGlobalOptions: 'Global Options:',
  titleCommands: 'Commands:',
  titleArguments: 'Arguments:',

  cmdAssess: 'assess scores, vetoes, rewards and enforcement actions (no arguments: the bundled sample district)',
  optFacts: 'facts file: .json, .ndjson, or .csv/.xlsx ledgers with --mapping (repeat for several CSV files)',
  optRules: 'rule-set folder (default: the bundled rule sets of 峄政发〔2021〕1号)',
  optAsOf: 'evaluation date YYYY-MM-DD (default: period.asOf of the facts, else the year end)',
  optYear: 'assessment year (for CSV/XLSX ledgers)',
  optFormat: 'output format: table, json, csv, html',
  optOut: 'write to this file instead of standard output',
  optMode: 'evaluator: compiled (default) or reference (json-rules-engine)',
  optTrace: 'include every rule evaluation in the result',
  optMapping: 'column mapping file (JSON) for CSV/XLSX ledgers',
  optStore: 'append the decisions to this SQLite decision log',
  optWorkers: 'evaluate on n threads, this one included (large batches; the same result as one thread)',

  cmdValidate: 'validate rule-set or facts files (folders expand to their *.json)',
  argFiles: 'rule-set or facts files, folders',

  cmdExplain: 'explain the evaluation of one unit, rule by rule',
  optUnit: 'unit id',

  cmdSchema: 'print a JSON Schema: ruleset, facts or decision (the evaluation result)',
  argSchemaWhich: 'ruleset, facts or decision',

  cmdServe: 'start the HTTP service',
  optHost: 'host to listen on (default 127.0.0.1; a non-loopback host needs a token)',
  optPort: 'port (default 8080)',
  optToken: 'access token (or the ANQUAN_TOKEN environment variable)',

  cmdVerifyLog: 'verify the hash chain of an SQLite decision log',
  cmdStream: 'evaluate an NDJSON facts file too large to hold (grouped by unit: each enterprise line followed by its records), one JSON decision per line',
  optStreamFacts: 'the NDJSON facts file (grouped by unit)',
  optStreamOut: 'write the decisions (one JSON per line) to this file instead of stdout',
  optChunkSize: 'enterprises evaluated per chunk (default 2000)',
  optMaxRepeats: 'most repeated ids taken on (repeated unit lines and record ids, default 10000; each is checked on its own, a file with more is refused)',
  optHeapMb: 'memory budget in MB (at least 64): evaluate in a worker thread whose heap is limited to it (1,000,000 enterprises need about 256)',
  optDb: 'decision log file (default .anquan/decisions.sqlite)',

  usageError: (text) => `usage error: ${text}`,
  unexpected: (code, text) => `anquan: unexpected error (code ${code}): ${text}`,
  badDate: (v) => `invalid date "${v}": use YYYY-MM-DD`,
  badYear: (v) => `invalid year "${v}": an integer from 2000 to 2100`,
  badWorkers: (v) => `invalid thread count "${v}": an integer from 1 to 256`,
  badChunkSize: (v) => `invalid chunk size "${v}": a positive integer`,
  badMaxRepeats: (v) => `invalid repeats limit "${v}": a non-negative integer`,
  badHeapMb: (v) => `invalid memory budget "${v}": an integer of at least 64 (MB)`,
  budgetOverridden: (budget, applied) => `note: the process's --max-old-space-size (command line or NODE_OPTIONS) takes precedence over the memory budget of ${budget} MB; the heap limit applied was ${applied} MB`,
  moreIssues: (n) => `… and ${n} more issues`,
  streamDone: (decided, issues, asOf) => `streamed evaluation done: as of ${asOf}, ${decided} units, ${issues} input issues`,
  workersNeedCompiled: 'evaluation on several threads (--workers) needs the compiled mode',
  badPort: (v) => `invalid port "${v}": an integer from 0 to 65535`,
  unknownFactsType: (file) => `unknown facts file type: ${file} (.json, .ndjson, .jsonl, .csv, .xlsx)`,
  mappingRequired: 'reading CSV/XLSX ledgers needs a --mapping file',
  yearRequired: 'CSV/XLSX ledgers need the year: give --year or --as-of',
  oneFactsFile: 'only CSV ledgers may be given as several --facts files',
  fileNotFound: (file) => `file not found: ${file}`,
  sampleMissing: (file) => `the bundled sample ${file} is missing: give a facts file with --facts`,
  factsUnreadable: 'cannot read the facts:',
  rulesInvalid: 'invalid rule sets:',
  evaluationFailed: (text) => `evaluation failed: ${text}`,
  wroteFile: (file) => `wrote ${file}`,
  storeWritten: (n, file, head) => `appended ${n} decisions to ${file} (head ${head.slice(0, 12)})`,
  storeFailed: (file, text) => `writing the decision log ${file} failed: ${text}`,
  htmlMissing: 'the HTML report module (renderHtmlReport in packages/adapters/src/report/html.ts) is not available yet; use --format table|json|csv',
  progress: (label, seconds) => `${label} (${seconds} s)`,
  progressReading: 'reading facts',
  progressEvaluating: 'evaluating',

  reportTitle: 'Yicheng District work-safety assessment (峄政发〔2021〕1号)',
  reportYear: 'Year',
  reportAsOf: 'As of',
  reportUnits: (decided, total) => `${total} units (${decided} decided)`,
  reportRuleSets: 'Rule sets',
  colRuleSetId: 'Rule set',
  colVersion: 'Version',
  colKind: 'Kind',
  colHash: 'Hash',
  sectionTerritorial: '1. Ranking of towns, streets and zones',
  sectionDepartments: '2. Ranking of district departments',
  sectionRewards: '3. Safety awards (top 20)',
  sectionEnforcement: '4. Enforcement actions',
  sectionAccidents: '5. Accidents by grade',
  sectionIssues: '6. Input issues',
  colRank: 'Rank',
  colName: 'Unit',
  colScore: 'Score',
  colGrade: 'Grade',
  colVeto: 'Veto',
  colMerit: 'Merit',
  colCategories: 'Categories',
  colBasis: 'Legal basis',
  colNotice: 'Notice',
  colRule: 'Rule',
  colAccidentGrade: 'Grade',
  colCount: 'Count',
  colAccidents: 'Accidents',
  colUnitId: 'Unit id',
  colPointer: 'Pointer',
  colMessage: 'Message',
  colAction: 'Action',
  colWhy: 'Why',
  yes: 'yes',
  no: 'no',
  none: 'none',
  gradeBefore: (g) => ` (was ${g})`,
  vetoYes: (reasons) => `yes: ${reasons}`,
  listSep: ', ',
  reasonSep: '; ',
  rewardSummary: (assessed, eligible, awarded, excluded) => `${assessed} assessed, ${eligible} eligible, ${awarded} awarded, ${excluded} excluded`,
  actionGroup: (code, title, n) => `${code} ${title} (${n})`,
  noticeHours: (h, written) => `${h} h${written ? ' written' : ''} notice`,
  withheldTitle: 'Actions that could not apply',
  moreAccidents: (n) => `and ${n} more`,
  issuesNote: (n) => `${n} issues; the units concerned were not decided, all others were`,
  noIssues: 'none',

  validatePassRuleSet: (file, id, version, hash) => `✓ ${file}  ok (rule set ${id} ${version} ${hash})`,
  validatePassFacts: (file, units) => `✓ ${file}  ok (facts, ${units} units)`,
  validateFail: (file, n) => `✗ ${file}  ${n} issue(s)`,
  validateUnknownDoc: 'neither a rule set (no "kind") nor a facts document (no "units")',
  validateBundle: (n) => `${n} rule sets checked together as a bundle`,
  validateIndividually: 'several rule sets of one kind: checked one by one',
  validateSummary: (ok, bad) => `${ok} passed, ${bad} failed`,
  emptyDir: (dir) => `no *.json files in ${dir}`,

  unknownUnit: (id) => `unknown unit "${id}"`,
  unitNotDecided: (id) => `unit "${id}" was not decided because of input issues:`,
  explainHeader: (name, id, kind) => `Unit: ${name} (${id}, ${kind})`,
  explainPeriod: (year, asOf) => `Year ${year}, as of ${asOf}`,
  explainRuleSet: (id, version, kind) => `== Rule set ${id} ${version} (${kind}) ==`,
  explainNoRules: '(the rule set does not apply to this unit)',
  explainCite: 'Cite',
  explainWhy: 'Why',
  explainPoints: 'Points',
  explainProvenance: 'Rests on',
  provenanceLabels: { opinion: 'opinion text', law: 'law', parameter: 'district parameter', reading: 'our reading' },
  explainPeriodOf: (title) => `[${title}]`,
  leafLine: (label, seen, phrase, expected, operator) => `${label}: seen ${seen}; expected ${phrase} ${expected} (${operator})`,
  groupAll: 'all of',
  groupAny: 'any of',
  groupNot: 'not',
  outcomeTitle: '== Outcome ==',
  outcomeVeto: (v) => `Veto: ${v}`,
  outcomeAssessment: (score, grade, rank) => `Assessment: score ${score}, grade ${grade}, rank ${rank}`,
  outcomePeriods: (list) => `  periods: ${list}`,
  outcomeOverride: (text) => `  grade override: ${text}`,
  outcomeItem: (period, title, pts, weight, weighted, provenance) => `  [${period}] ${title}: ${pts} points, weighted ${weight}% → ${weighted} of the total (rests on: ${provenance})`,
  outcomeItemsNote: '  Note: each period is scored on its own; where the half-year and year-end windows overlap, an item within both counts in each. Category caps apply; the period scores are after them.',
  outcomeReason: (text) => `  reason: ${text}`,
  outcomeReward: (eligible, awarded, rank, merit) => `Reward: eligible ${eligible}, awarded ${awarded}, rank ${rank}, merit ${merit}`,
  outcomeCategories: (list) => `  categories: ${list}`,
  outcomeExclusion: (text) => `  excluded: ${text}`,
  outcomeEnforcement: (n) => `Enforcement: ${n} action(s)`,
  outcomeAction: (code, title, basis) => `  ${code} ${title}${basis ? ` (${basis})` : ''}`,
  outcomeWithheld: (code, why) => `  withheld ${code}: ${why}`,
  outcomeActionWhy: (text) => `    ${text}`,
  outcomeRecords: (collection) => `Records (${collection}):`,

  schemaUnknown: (which) => `unknown schema "${which}": ruleset, facts or decision`,

  tokenRequired: (host) => `serving on the non-loopback address ${host} needs a token (--token or the ANQUAN_TOKEN environment variable)`,
  serverMissing: 'the HTTP service module is not available',
  serving: (url) => `listening on ${url} (Ctrl+C stops)`,
  serverStopped: 'stopped',
  serverFailed: (text) => `cannot start the service: ${text}`,

  dbMissing: (file) => `decision log not found: ${file}`,
  verifyOk: (n, head) => `decision log intact: ${n} records, head ${head}`,
  verifyBad: (seq, code, reason) => `decision log fails verification at record ${seq} (${code}): ${reason}`,
  verifyBadCount: (n) => `${n} records verified before it`,
  storeError: (text) => `cannot open the decision log: ${text}`,

  commandUnavailable: (text) => `this command is unavailable (the optional dependency fast-check may be missing): ${text}`,

  kindLabels: { veto: 'veto', score: 'score', eligibility: 'eligibility', enforcement: 'enforcement', classification: 'classification', amount: 'amount', composition: 'composition' },
};

const catalogs: Record<Lang, Messages> = { 'zh-CN': zh, en };

export function messages(lang: Lang): Messages {
  return catalogs[lang];
}

/** A help description: Chinese over English by default (policy staff and developers read the same help), English only with --lang en. */
export function helpText(lang: Lang, key: { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages]): string {
  return lang === 'en' ? en[key] : `${zh[key]}\n${en[key]}`;
}

/** A bilingual message object (from core, sources, stores) in the chosen language. */
export function pick(message: { 'zh-CN': string; en: string }, lang: Lang): string {
  return message[lang];
}
