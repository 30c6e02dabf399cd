/**
 * The one module that reads the opinion's structured text: 峄政发〔2021〕1号 clause by clause, as
 * @anquan/rules ships it (packages/rules/policy/opinion.json, the text every cite is checked against).
 */
import { opinion as districtOpinion } from '@anquan/rules';
import type { PolicyText } from './types.js';

export const opinion = (): PolicyText => districtOpinion();
