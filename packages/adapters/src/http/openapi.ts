import { ruleSetJsonSchema } from '@anquan/core';
import { factsDocumentSchema } from '@anquan/rules';
import { z } from 'zod';
import { HTTP_ERROR_CODES, HTTP_STATUS } from './errors.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/**
 * Moves a standalone JSON Schema into `components.schemas`: drops `$schema`/`$id` (an `$id` would
 * change the base of every `$ref`), hoists `$defs` as `<prefix>_<name>` and rewrites the refs.
 */
function embed(schema: Json, prefix: string, into: Record<string, Json>): Json {
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v === null || typeof v !== 'object') return v;
    const out: Json = {};
    for (const [k, child] of Object.entries(v)) {
      if (k === '$ref' && typeof child === 'string' && child.startsWith('#/$defs/')) out[k] = `#/components/schemas/${prefix}_${child.slice('#/$defs/'.length)}`;
      else if (k === '$ref' && child === '#') out[k] = `#/components/schemas/${prefix}`;
      else out[k] = rewrite(child);
    }
    return out;
  };
  const { $schema: _s, $id: _i, $defs, ...rest } = schema;
  void _s;
  void _i;
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, Json>)) into[`${prefix}_${name}`] = rewrite(def) as Json;
  into[prefix] = rewrite(rest) as Json;
  return ref(prefix);
}

const bilingual: Json = {
  type: 'object',
  description: '中英文消息 / bilingual message',
  required: ['zh-CN', 'en'],
  properties: { 'zh-CN': { type: 'string' }, en: { type: 'string' } },
};

const ruleIssue: Json = {
  type: 'object',
  description: '规则集问题，含文件、行、列与 JSON 指针 / a located rule-set problem',
  required: ['code', 'file', 'line', 'column', 'pointer', 'message'],
  properties: {
    code: { type: 'string' },
    file: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    column: { type: 'integer', minimum: 1 },
    pointer: { type: 'string', description: 'RFC 6901 JSON pointer' },
    message: ref('Bilingual'),
  },
};

const inputIssue: Json = {
  type: 'object',
  description: '事实数据问题 / a problem in the facts document',
  required: ['code', 'unitId', 'pointer', 'message'],
  properties: {
    code: { type: 'string' },
    unitId: { type: ['string', 'null'] },
    recordId: { type: 'string' },
    collection: { type: 'string' },
    pointer: { type: 'string' },
    message: ref('Bilingual'),
  },
};

const ruleSetRef: Json = {
  type: 'object',
  required: ['id', 'version', 'kind', 'hash'],
  properties: {
    id: { type: 'string' },
    version: { type: 'string' },
    kind: { type: 'string', enum: ['veto', 'score', 'eligibility', 'enforcement', 'classification', 'amount', 'composition'] },
    hash: { type: 'string', description: 'sha256（RFC 8785 规范化 JSON）' },
  },
};

/** What a rule rests on: 原文 (opinion), 法律 (law), 参数 (parameter), 解释 (reading). */
const PROVENANCE: Json = { type: 'array', items: { type: 'string', enum: ['opinion', 'law', 'parameter', 'reading'] }, description: '出处：opinion 原文、law 法律、parameter 参数、reading 解释' };

const reason: Json = {
  type: 'object',
  required: ['ruleSetId', 'ruleId', 'title', 'cite', 'provenance', 'explanation'],
  properties: { ruleSetId: { type: 'string' }, ruleId: { type: 'string' }, title: { type: 'string' }, cite: { type: 'string' }, provenance: PROVENANCE, explanation: { type: 'string' } },
};

const ruleTrace: Json = {
  type: 'object',
  description: '一条规则的评估过程 / how one rule was evaluated',
  required: ['ruleSetId', 'ruleId', 'title', 'cite', 'provenance', 'fired', 'conditions', 'explanation'],
  properties: {
    ruleSetId: { type: 'string' },
    ruleId: { type: 'string' },
    title: { type: 'string' },
    cite: { type: 'string' },
    provenance: PROVENANCE,
    fired: { type: 'boolean' },
    periodId: { type: 'string' },
    conditions: { type: 'object', description: '条件树：leaf（fact, operator, value, factValue, result）或 all/any/not（children）' },
    points: { type: 'number' },
    explanation: { type: 'string' },
  },
};

const decision: Json = {
  type: 'object',
  description: '一个单位的决定 / the decision for one unit',
  required: ['unitId', 'unitKind', 'name'],
  properties: {
    unitId: { type: 'string' },
    unitKind: { type: 'string' },
    name: { type: 'string' },
    veto: { type: 'object', required: ['vetoed', 'reasons'], properties: { vetoed: { type: 'boolean' }, reasons: { type: 'array', items: ref('Reason') } } },
    assessment: {
      type: 'object',
      required: ['score', 'grade', 'rank', 'rankGroup', 'periods', 'categories', 'items', 'overrides'],
      properties: {
        score: { type: 'number' },
        grade: { type: 'string' },
        gradeBeforeOverride: { type: 'string' },
        rank: { type: ['integer', 'null'] },
        rankGroup: { type: ['string', 'null'] },
        periods: { type: 'array', items: { type: 'object' } },
        categories: { type: 'array', items: { type: 'object' } },
        items: { type: 'array', items: { type: 'object' } },
        overrides: { type: 'array', items: ref('Reason') },
      },
    },
    reward: {
      type: 'object',
      required: ['eligible', 'awarded', 'rank', 'merit', 'categories', 'reasons', 'exclusions'],
      properties: {
        eligible: { type: 'boolean' },
        awarded: { type: 'boolean' },
        rank: { type: ['integer', 'null'] },
        merit: { type: 'number' },
        categories: { type: 'array', items: { type: 'string' } },
        reasons: { type: 'array', items: ref('Reason') },
        exclusions: { type: 'array', items: ref('Reason') },
      },
    },
    enforcement: {
      type: 'object',
      required: ['actions', 'withheld'],
      properties: { actions: { type: 'array', items: { type: 'object' } }, withheld: { type: 'array', items: { type: 'object' } } },
    },
    trace: { type: 'array', items: ref('RuleTrace') },
  },
};

const recordDecision: Json = {
  type: 'object',
  required: ['id', 'unitId', 'ruleId', 'cite', 'provenance', 'explanation'],
  properties: {
    id: { type: 'string' },
    unitId: { type: 'string' },
    class: { type: 'string' },
    classTitle: { type: 'string' },
    amountYuan: { type: 'integer' },
    ruleId: { type: ['string', 'null'] },
    cite: { type: ['string', 'null'] },
    provenance: PROVENANCE,
    explanation: { type: 'string' },
    trace: { type: 'array', items: ref('RuleTrace') },
  },
};

const evaluationResult: Json = {
  type: 'object',
  required: ['asOf', 'year', 'ruleSets', 'decisions', 'records', 'issues'],
  properties: {
    asOf: { type: 'string', format: 'date' },
    year: { type: 'integer' },
    ruleSets: { type: 'array', items: ref('RuleSetRef') },
    decisions: { type: 'array', items: ref('Decision') },
    records: { type: 'object', additionalProperties: { type: 'array', items: ref('RecordDecision') } },
    issues: { type: 'array', items: ref('InputIssue') },
  },
};

const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: HTTP_ERROR_CODES },
        message: ref('Bilingual'),
        issues: { type: 'array', items: { anyOf: [ref('InputIssue'), ref('RuleIssue')] } },
      },
    },
  },
};

const errorResponse = (description: string): Json => ({ description, content: { 'application/json': { schema: ref('Error') } } });
const json = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });

const common4xx = {
  '400': errorResponse('JSON 格式错误或参数无效 / malformed JSON or bad parameters'),
  '401': errorResponse('缺少或错误的令牌 / missing or wrong bearer token'),
  '413': errorResponse('请求体或记录数超过上限 / body or record count over the limit'),
  '503': errorResponse('超时 / timed out (code TIMEOUT)'),
};

const asOfParam: Json = { name: 'asOf', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: '评估日期 YYYY-MM-DD' };
const traceParam: Json = { name: 'trace', in: 'query', required: false, schema: { type: 'string' }, description: 'true | false | 以逗号分隔的单位标识 (comma-separated unit ids)' };
const unitsParam: Json = { name: 'units', in: 'query', required: false, schema: { type: 'string' }, description: '只决定这些单位（逗号分隔）/ decide only these units' };

function build(): Json {
  const schemas: Record<string, Json> = {};
  const facts = embed(z.toJSONSchema(factsDocumentSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Json, 'FactsDocument', schemas);
  const ruleSet = embed(ruleSetJsonSchema(), 'RuleSetDocument', schemas);
  Object.assign(schemas, {
    Bilingual: bilingual,
    RuleIssue: ruleIssue,
    InputIssue: inputIssue,
    RuleSetRef: ruleSetRef,
    Reason: reason,
    RuleTrace: ruleTrace,
    Decision: decision,
    RecordDecision: recordDecision,
    EvaluationResult: evaluationResult,
    Error: errorSchema,
    AssessEnvelope: {
      type: 'object',
      required: ['facts'],
      properties: {
        facts,
        asOf: { type: 'string', format: 'date' },
        trace: { anyOf: [{ type: 'boolean' }, { type: 'array', items: { type: 'string' } }] },
        units: { type: 'array', items: { type: 'string' } },
      },
    },
    ExplainRequest: { type: 'object', required: ['facts', 'unitId'], properties: { facts, unitId: { type: 'string' }, asOf: { type: 'string', format: 'date' } } },
    ExplainResponse: {
      type: 'object',
      required: ['asOf', 'year', 'bundleHash', 'ruleSets', 'decision', 'records', 'issues'],
      properties: {
        asOf: { type: 'string', format: 'date' },
        year: { type: 'integer' },
        bundleHash: { type: 'string' },
        ruleSets: { type: 'array', items: ref('RuleSetRef') },
        decision: ref('Decision'),
        records: { type: 'object', additionalProperties: { type: 'array', items: ref('RecordDecision') } },
        issues: { type: 'array', items: ref('InputIssue') },
      },
    },
    ValidateFiles: {
      type: 'object',
      required: ['files'],
      properties: {
        files: {
          type: 'array',
          maxItems: 100,
          items: { type: 'object', required: ['name', 'text'], properties: { name: { type: 'string' }, text: { type: 'string', description: '规则集 JSON 文本 / rule-set JSON text' } } },
        },
      },
    },
    ValidateResponse: {
      type: 'object',
      required: ['ok', 'issues'],
      properties: {
        ok: { type: 'boolean' },
        issues: { type: 'array', items: ref('RuleIssue') },
        bundleHash: { type: 'string' },
        ruleSets: { type: 'array', items: ref('RuleSetRef') },
      },
    },
    RuleSetList: {
      type: 'object',
      required: ['bundleHash', 'mode', 'ruleSets'],
      properties: {
        bundleHash: { type: 'string' },
        mode: { type: 'string', enum: ['compiled', 'reference'] },
        ruleSets: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'version', 'kind', 'hash', 'title', 'source', 'effective'],
            properties: {
              id: { type: 'string' },
              version: { type: 'string' },
              kind: { type: 'string' },
              hash: { type: 'string' },
              title: ref('Bilingual'),
              source: { type: 'string' },
              effective: { type: 'object', properties: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } } },
            },
          },
        },
      },
    },
    Health: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
  });

  const secured = [{ bearerAuth: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'anquan — 峄城区安全生产考核规则服务 / Yicheng work-safety rules service',
      version: '0.1.0',
      description:
        '把 峄政发〔2021〕1号 编码为可执行规则集：一票否决、目标考核、奖励、执法措施。配置了令牌时，/v1/* 需要 `Authorization: Bearer <token>`。\n\n' +
        'Executes 峄政发〔2021〕1号 as rule sets. When a token is configured, /v1/* requires `Authorization: Bearer <token>`. ' +
        `Error codes and statuses: ${HTTP_ERROR_CODES.filter((c) => c !== 'TOKEN_REQUIRED' && c !== 'INVALID_BUNDLE' && c !== 'DEPENDENCY_MISSING').map((c) => `${c} ${HTTP_STATUS[c]}`).join(', ')}.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } }, schemas },
    paths: {
      '/v1/assess': {
        post: {
          operationId: 'assess',
          summary: '评估事实数据 / evaluate a facts document',
          description: '请求体为事实数据，或 { facts, asOf?, trace?, units? }（请求体中的选项优先于查询参数）。The body is a facts document or an envelope; body options win over query options.',
          security: secured,
          parameters: [asOfParam, traceParam, unitsParam],
          requestBody: { required: true, content: { 'application/json': { schema: { anyOf: [facts, ref('AssessEnvelope')] } } } },
          responses: {
            '200': json(ref('EvaluationResult'), '评估结果 / the evaluation result'),
            ...common4xx,
            '422': errorResponse('事实数据无效或规则集不在有效期内 / invalid facts or rule sets not in force'),
          },
        },
      },
      '/v1/explain': {
        post: {
          operationId: 'explain',
          summary: '解释一个单位的决定 / explain one unit’s decision',
          security: secured,
          requestBody: { required: true, content: { 'application/json': { schema: ref('ExplainRequest') } } },
          responses: {
            '200': json(ref('ExplainResponse'), '该单位的决定与规则过程 / the decision with its trace'),
            ...common4xx,
            '404': errorResponse('事实数据中没有该单位 / no such unit (UNIT_NOT_FOUND)'),
            '422': errorResponse('事实数据无效，或该单位因数据问题未作决定 / invalid facts or unit not decided'),
          },
        },
      },
      '/v1/validate': {
        post: {
          operationId: 'validate',
          summary: '校验规则集 / validate rule sets',
          description: '请求体为一个规则集文档，或 { files: [{ name, text }] }；按文本解析以给出行号、列号，并作为一组规则集对照峄城区事实模型校验。Issues carry file, line, column and pointer.',
          security: secured,
          requestBody: { required: true, content: { 'application/json': { schema: { anyOf: [ruleSet, ref('ValidateFiles')] } } } },
          responses: { '200': json(ref('ValidateResponse'), '校验结果（ok 为 false 时列出问题）/ the validation outcome'), ...common4xx },
        },
      },
      '/v1/rulesets': {
        get: {
          operationId: 'listRuleSets',
          summary: '当前使用的规则集 / the rule sets in use',
          security: secured,
          responses: { '200': json(ref('RuleSetList'), '规则集列表 / rule sets'), '401': common4xx['401'] },
        },
      },
      '/healthz': {
        get: { operationId: 'health', summary: '健康检查（无需令牌）/ health check (no auth)', security: [], responses: { '200': json(ref('Health'), 'ok') } },
      },
      '/openapi.json': {
        get: { operationId: 'openapi', summary: '本文档 / this document', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
    },
  };
}

let cached: Json | undefined;

/** The service's OpenAPI 3.1 document (built once; the facts schema comes from zod's toJSONSchema). */
export function openApiDocument(): Json {
  cached ??= build();
  return cached;
}
