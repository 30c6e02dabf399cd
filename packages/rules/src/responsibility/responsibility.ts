import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { provenanceEntrySchema } from '@anquan/core';
import { INDUSTRIES } from '../model/vocabulary.js';
import { packageRoot } from '../package-root.js';

/** Industry → supervising departments (条抓块统): policy JSON, not code. */
export const responsibilitySchema = z
  .object({
    $comment: z.string().optional(),
    id: z.string().min(1),
    version: z.string().min(1),
    cite: z.string().min(1),
    /** What the map rests on: a parameter until the district supplies its own 安全生产责任分工. */
    provenance: z.array(provenanceEntrySchema).min(1, '责任划分须注明出处 / the map states its provenance'),
    industries: z.record(z.enum(INDUSTRIES), z.array(z.string().min(1))),
  })
  .strict();

export type ResponsibilityMap = z.infer<typeof responsibilitySchema>;

/** The district's bundled map (packages/rules/policy/responsibility.json). */
export function loadResponsibility(path: string | URL = new URL('policy/responsibility.json', packageRoot())): ResponsibilityMap {
  return responsibilitySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
