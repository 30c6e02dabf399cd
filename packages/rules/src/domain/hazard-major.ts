import type { FactRecord } from '@anquan/core';

/**
 * A hazard is major when so graded, or when it falls under a category of the coal-mine standard
 * (应急管理部令第4号) or an item of the chemicals standard (安监总管三〔2017〕121号).
 */
export const isMajor = (h: FactRecord): boolean => h.level === 'major' || typeof h.coalCategory === 'number' || typeof h.chemicalItem === 'number';
