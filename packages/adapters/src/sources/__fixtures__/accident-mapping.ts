import type { ColumnMappingInput, SheetMappingInput } from '../ledger-mapping.js';

/** The 事故台账 sheet of the test mappings: its Chinese column headers → accident fields, then the test's own `extra` columns. */
export function accidentSheet(extra: Record<string, ColumnMappingInput> = {}): SheetMappingInput {
  return {
    sheet: '事故台账',
    collection: 'accidents',
    columns: {
      事故编号: 'id',
      单位编号: 'unitId',
      发生日期: { field: 'occurredOn', type: 'date' },
      死亡人数: { field: 'deaths', type: 'integer' },
      '直接经济损失（元）': { field: 'directLossYuan', type: 'integer' },
      是否瞒报: { field: 'concealed', type: 'boolean' },
      ...extra,
    },
  };
}
