/**
 * The sample district of 峄城区: its real units, a seeded generator of district years, and the bundled
 * sample that exercises every rule of the bundled rule sets.
 * @packageDocumentation
 */
export { CHEM_PARK_HOST_TOWN, DEPARTMENT_DUTIES, DEPARTMENT_UNITS, DISTRICT_UNITS, TERRITORIAL_UNITS } from './district-units.js';
export { generateDistrict, type GenerateOptions } from './generator.js';
export { SAMPLE_ENTERPRISES, SAMPLE_SCHEMA_REF, SAMPLE_SEED, sampleDistrict, sampleDistrictJson } from './sample-district.js';
