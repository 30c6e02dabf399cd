/**
 * The floor the end-to-end run is measured against (issue 20): the least any tool must do with a facts
 * file — read it, JSON.parse it, count every record against its unit in one pass, and write a JSON file
 * of the input's size. Plain JavaScript without imports beyond node:fs, so nothing but this work is timed.
 *
 *   node bench/floor.mjs <facts.json> <out.json>
 */
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const text = readFileSync(input, 'utf8');
const doc = JSON.parse(text);
const counts = new Map();
for (const unit of doc.units) counts.set(unit.id, 0);
for (const [key, list] of Object.entries(doc)) {
  if (key === 'units' || !Array.isArray(list)) continue;
  for (const record of list) counts.set(record.unitId, (counts.get(record.unitId) ?? 0) + 1);
}
const body = JSON.stringify(Object.fromEntries(counts));
// Padded with whitespace (still JSON) to the input's size: writing as many bytes as were read.
const size = Buffer.byteLength(text);
writeFileSync(output, size > body.length ? body + ' '.repeat(size - Buffer.byteLength(body)) : body);
