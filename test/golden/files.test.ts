import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CASE_NAMES } from './cases.js';
import { GOLDEN_DIR } from './golden.js';

describe('the golden files', () => {
  it('are exactly one per case: none without a case, no case without one', () => {
    const files = readdirSync(GOLDEN_DIR).filter((f) => f !== '.gitattributes');
    expect(new Set(CASE_NAMES).size).toBe(CASE_NAMES.length);
    expect(files.sort()).toEqual(CASE_NAMES.map((name) => `${name}.golden`).sort());
  });
});
