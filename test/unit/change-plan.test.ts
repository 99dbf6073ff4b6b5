import { describe, expect, it } from 'vitest';
import { type FileHook, planChanges } from '../../lib/change-plan.js';
import { UserError } from '../../lib/errors.js';

const BASE = 'one\ntwo\nthree\nfour\nfive\nsix\n';
const THEIRS = 'one\ntwo\nthree\nfour\nfive\nSIX\n';

describe('planChanges, the change engine of additions and upgrades', () => {
  it('decides every file by the three-way strategy unless a hook says otherwise, in the order given', async () => {
    const planned = await planChanges({
      files: [
        { path: 'new.txt', theirs: THEIRS },
        { path: 'unedited.txt', ours: BASE, base: BASE, theirs: THEIRS },
        { path: 'edited.txt', ours: `ONE\n${BASE.slice(4)}`, base: BASE, theirs: THEIRS },
        { path: 'gone.txt', ours: BASE, base: BASE },
      ],
      onConflict: 'stop',
    });
    expect(planned.map((p) => [p.sides.path, p.outcome])).toEqual([
      ['new.txt', { kind: 'added', text: THEIRS }],
      ['unedited.txt', { kind: 'generated', text: THEIRS }],
      ['edited.txt', { kind: 'merged', text: `ONE\n${THEIRS.slice(4)}` }],
      ['gone.txt', { kind: 'removed' }],
    ]);
  });

  it('calls each file its own hook', async () => {
    const seen: string[] = [];
    const upper: FileHook = (sides) => {
      seen.push(sides.path);
      return { kind: 'merged', text: (sides.ours ?? '').toUpperCase() };
    };
    const planned = await planChanges({
      files: [
        { path: 'a', ours: 'x\n' },
        { path: 'b', ours: BASE, base: BASE, theirs: THEIRS },
      ],
      hookOf: (file) => (file === 'a' ? upper : (sides) => ({ kind: 'generated', text: sides.theirs ?? '' })),
      onConflict: 'stop',
    });
    expect(seen).toEqual(['a']);
    expect(planned.map((p) => p.outcome)).toEqual([
      { kind: 'merged', text: 'X\n' },
      { kind: 'generated', text: THEIRS },
    ]);
  });

  const conflicting = [
    { path: 'both.txt', ours: `${BASE.slice(0, -4)}seven\n`, base: BASE, theirs: THEIRS },
    { path: 'fine.txt', ours: BASE, base: BASE, theirs: THEIRS },
  ];

  it('stops on conflicts with one error naming every conflicting file, under the policy of additions', async () => {
    const sectionConflict: FileHook = () => ({ kind: 'conflict', text: 'x', regions: 1, section: 'its generated section, between <a> and <b>' });
    const run = planChanges({
      files: [...conflicting, { path: 'README.md', ours: 'x' }],
      hookOf: (file) => (file === 'README.md' ? sectionConflict : (s) => ({ kind: 'conflict', text: '', regions: s.path.length - 6 })),
      onConflict: 'stop',
    });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(
      'your edits and this change touch the same lines of both.txt (2 regions), fine.txt (2 regions), README.md (its generated section, between <a> and <b>). Nothing was written.',
    );
    await expect(planChanges({ files: conflicting.slice(0, 1), onConflict: 'stop' })).rejects.toThrow('touch the same lines of both.txt (1 region). Nothing');
  });

  it('keeps a conflict, with git’s markers in its text, under the policy of upgrades', async () => {
    const planned = await planChanges({ files: conflicting, onConflict: 'markers' });
    expect(planned[0]?.outcome).toMatchObject({ kind: 'conflict', regions: 1 });
    expect(planned[0]?.outcome.kind === 'conflict' && planned[0].outcome.text).toMatch(/^<<<<<<< your edit\nseven\n=+\nSIX\n>>>>>>> /m);
    expect(planned[1]?.outcome).toEqual({ kind: 'generated', text: THEIRS });
  });

  it('refuses, under either policy, to go on when git cannot merge an edited file: the edit is never overwritten', async () => {
    for (const onConflict of ['stop', 'markers'] as const) {
      const run = planChanges({ files: conflicting, hookOf: () => () => ({ kind: 'unmerged' }), onConflict });
      await expect(run).rejects.toThrow(
        'git is needed to merge your edits of both.txt, fine.txt (git merge-file); install git and run again. Nothing was written',
      );
    }
  });

  it("lets a hook's refusal through as it is", async () => {
    const refuse: FileHook = () => {
      throw new UserError('a.txt exists already');
    };
    await expect(planChanges({ files: [{ path: 'a.txt' }], hookOf: () => refuse, onConflict: 'markers' })).rejects.toThrow('a.txt exists already');
  });
});
