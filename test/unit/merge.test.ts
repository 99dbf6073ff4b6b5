/** The one decision additions and upgrades make for a generated file: ours, the base and theirs. */
import { describe, expect, it } from 'vitest';
import { planFile } from '../../lib/merge.js';

const BASE = 'one\ntwo\nthree\nfour\nfive\n';
const THEIRS = 'one\ntwo\nthree\nfour\nfive\nsix\n';

describe('planFile', () => {
  it('adds, replaces, leaves and removes what the user did not touch', () => {
    expect(planFile(undefined, undefined, THEIRS)).toEqual({ kind: 'added', text: THEIRS });
    expect(planFile(BASE, BASE, THEIRS)).toEqual({ kind: 'generated', text: THEIRS });
    expect(planFile(THEIRS, BASE, THEIRS)).toEqual({ kind: 'unchanged' });
    expect(planFile(BASE, BASE, undefined)).toEqual({ kind: 'removed' });
    expect(planFile(undefined, BASE, BASE)).toEqual({ kind: 'unchanged' });
    expect(planFile(undefined, undefined, undefined)).toEqual({ kind: 'unchanged' });
  });

  it("keeps the user's edit of a file no longer generated, and a removal of one the generator changes", () => {
    expect(planFile(`${BASE}mine\n`, BASE, undefined)).toEqual({ kind: 'kept', why: 'edited' });
    expect(planFile(undefined, BASE, THEIRS)).toEqual({ kind: 'kept', why: 'removed' });
  });

  it("merges the generator's change into the user's edit, and reports the regions both changed", () => {
    expect(planFile(`ONE\n${BASE.slice(4)}`, BASE, THEIRS)).toEqual({ kind: 'merged', text: `ONE\n${THEIRS.slice(4)}` });
    const conflict = planFile(`${BASE}seven\n`, BASE, THEIRS, { ours: 'your edit', base: 'before', theirs: 'now' });
    expect(conflict).toMatchObject({ kind: 'conflict', regions: 1 });
    expect(conflict.kind === 'conflict' && conflict.text).toContain('<<<<<<< your edit\nseven\n=======\nsix\n>>>>>>> now');
    // A file the base does not have but the user does: merged from nothing.
    expect(planFile('mine\n', undefined, THEIRS)).toMatchObject({ kind: 'conflict', regions: 1 });
  });
});
