import fc from 'fast-check';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { APP_DEFAULTS } from '../../lib/answers.js';
import { workspaceFromAnswers } from '../../lib/config.js';
import { rootFiles } from '../../lib/files.js';
import { prettierMarkdownSection } from '../../lib/markdown-format.js';
import { buildModel } from '../../lib/model.js';
import { PRETTIER_OPTIONS } from '../../lib/render.js';
import type { FileSpec } from '../../lib/file-spec.js';

const byPrettier = async (text: string) => (await prettier.format(text, { ...PRETTIER_OPTIONS, parser: 'markdown' })).trim();

// Cells as the README's tables have them (code spans, prose, ARNs, expressions), and characters
// prettier may print otherwise (emphasis, escapes, HTML, pipes, unicode), which must be left to it.
const safeWord = fc.string({ unit: fc.constantFrom(...'abcXYZ019 ,.:;()\'"/=?+-'.split('')), maxLength: 18 });
const riskyWord = fc.string({ unit: fc.constantFrom(...'abc *_<>&\\|[]!#~é'.split('')), minLength: 1, maxLength: 6 });
const word = fc.oneof({ weight: 12, arbitrary: safeWord }, riskyWord);
const code = fc.string({ unit: fc.constantFrom(...'abc{}/:*-_ .|'.split('')), minLength: 1, maxLength: 20 }).map((c) => `\`${c}\``);
const cell = fc.array(fc.oneof(word, code), { maxLength: 3 }).map((parts) => parts.join(' ').trim());
const tableBlock = fc
  .integer({ min: 1, max: 5 })
  .chain((columns) =>
    fc
      .tuple(fc.array(cell, { minLength: columns, maxLength: columns }), fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 6 }))
      .map(([head, rows]) =>
        [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n'),
      ),
  );
const prose = fc.array(fc.oneof(word, code), { minLength: 1, maxLength: 5 }).map((parts) => parts.join(' ').trim());
const shell = fc
  .array(fc.string({ unit: fc.constantFrom(...'ab -/#*_|'.split('')), maxLength: 30 }), { minLength: 1, maxLength: 3 })
  .map((ls) => ['```sh', ...ls, '```'].join('\n'));
const section = fc.array(fc.oneof({ weight: 3, arbitrary: tableBlock }, prose, shell), { minLength: 1, maxLength: 4 }).map((blocks) => blocks.join('\n\n'));

describe("the README's maintained section as prettier writes it, without prettier", () => {
  it("is prettier's text for any section it prints, and leaves the others to prettier", async () => {
    let printed = 0;
    await fc.assert(
      fc.asyncProperty(section, async (text) => {
        const ours = prettierMarkdownSection(text);
        if (ours === undefined) return;
        printed++;
        expect(ours).toBe(await byPrettier(text));
      }),
      { numRuns: 2500 },
    );
    expect(printed).toBeGreaterThan(100);
  });

  it('prints the sections of workspaces with routes, auth and functions not behind HTTP', async () => {
    const config = workspaceFromAnswers({ ...APP_DEFAULTS, name: 'demo', auth: 'iam' });
    const withFunctions = {
      ...config,
      functions: [
        { name: 'store-messages', trigger: { type: 'sqs' as const, batchSize: 10 }, resource: 'item', actions: ['dynamodb:PutItem'] },
        { name: 'nightly', trigger: { type: 'schedule' as const, expression: 'cron(0 3 * * ? *)' }, actions: [] },
      ],
    };
    for (const c of [config, withFunctions]) {
      const readme = rootFiles(buildModel(c as typeof config)).find((f) => f.path === 'README.md') as FileSpec & {
        update: { kind: 'markers'; section: (m: unknown) => string };
      };
      const text = readme.update.section(buildModel(c as typeof config));
      const ours = prettierMarkdownSection(text);
      expect(ours).toBeDefined();
      expect(ours).toBe(await byPrettier(text));
    }
  });
});
