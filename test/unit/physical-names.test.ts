import { describe, expect, it } from 'vitest';
import { terraformName } from '../../lib/physical-names.js';
import { MAX_STAGE_NAME } from '../../lib/stage.js';

/** The Terraform expression evaluated for a stage: `local.project` is `<project>-<stage>`; substr and sha1 as Terraform's. */
function evaluate(text: string, project: string, stage: string, sha1: (s: string) => string): string {
  const local = `${project}-${stage}`;
  return text
    .replace(/\$\{substr\(sha1\("([^"]*)"\), 0, (\d+)\)\}/g, (_, whole: string, n: string) =>
      sha1(whole.replace('${local.project}', local)).slice(0, Number(n)),
    )
    .replace(/\$\{substr\("([^"]*)", 0, (\d+)\)\}/g, (_, whole: string, n: string) => whole.replace('${local.project}', local).slice(0, Number(n)))
    .replace('${local.project}', local);
}

describe("Terraform's composed names", () => {
  const project = 'shop';
  const stage = 'x'.repeat(MAX_STAGE_NAME);
  // The longest form: project, dash, the longest stage, dash, stem, suffix.
  const longest = (stem: string, suffix: string) => project.length + 1 + MAX_STAGE_NAME + 1 + stem.length + suffix.length;

  it('stay as they are while their longest form fits the limit, the suffix counted', () => {
    expect(terraformName(project, 'get-item', '', 64)).toBe('${local.project}-get-item');
    expect(terraformName(project, 'on-upload', '-dlq', longest('on-upload', '-dlq'))).toBe('${local.project}-on-upload-dlq');
  });

  it('end with a stable hash of the whole name, at the limit exactly, once one character over', () => {
    const limit = longest('on-upload', '-dlq') - 1;
    const text = terraformName(project, 'on-upload', '-dlq', limit);
    const keep = limit - '-dlq'.length - 6 - 1;
    expect(text).toBe(`\${substr("\${local.project}-on-upload", 0, ${keep})}-\${substr(sha1("\${local.project}-on-upload"), 0, 6)}-dlq`);
    const name = evaluate(text, project, stage, () => 'abcdef0123456789');
    expect(name).toBe(`${`${project}-${stage}-on-upload`.slice(0, keep)}-abcdef-dlq`);
    expect(name).toHaveLength(limit);
  });

  it('never pass the limit, whatever the lengths of the stem and the suffix', () => {
    for (const stem of ['a', 'get-item', 'a-function-name-of-thirty-chars']) {
      for (const suffix of ['', '-dlq', '-notification-role']) {
        for (const limit of [37, 40, 63, 64]) {
          const name = evaluate(terraformName(project, stem, suffix, limit), project, stage, () => '0'.repeat(40));
          expect(name.length, `${stem}${suffix} under ${limit}`).toBeLessThanOrEqual(limit);
          expect(name.endsWith(suffix)).toBe(true);
        }
      }
    }
  });
});
