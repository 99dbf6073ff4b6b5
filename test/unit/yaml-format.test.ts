/**
 * The YAML printer of openapi.yaml (lib/yaml-format.ts) against the `yaml` library it stands in
 * for: the same text, byte for byte, wherever it prints; and it prints every contract a workspace
 * can have of the shapes below (so `yaml` is not what keeps this test green).
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APP_DEFAULTS, type AppAnswers } from '../../lib/answers.js';
import { workspaceFromAnswers } from '../../lib/config.js';
import { buildModel } from '../../lib/model.js';
import { openApiDocument } from '../../lib/openapi.js';
import { YAML_OPTIONS, fastYaml, yamlOf } from '../../lib/yaml-format.js';

const BOOK =
  'title:string(120), pages:integer?, price:number, published:boolean, tags:string[], released:date, at:datetime?, status:enum(draft,live-now), scores:integer[]?';

describe('the YAML printer of openapi.yaml', () => {
  it("prints every flavour's, API type's and authorizer's contract itself, as `yaml` does", () => {
    let printed = 0;
    for (const iac of ['cdk', 'sam', 'terraform'] as const) {
      for (const api of ['http', 'rest'] as const) {
        for (const auth of ['none', 'jwt', 'cognito', 'iam'] as const) {
          if (auth === 'jwt' && api === 'rest') continue;
          const jwt = auth === 'jwt' ? { 'jwt-issuer': 'https://login.example.com/realms/shop', 'jwt-audience': 'web,cli' } : {};
          for (const answers of [
            { resource: 'book', fields: BOOK, index: 'status:title', 'sort-key': 'released:desc' },
            { resource: false as const },
            { description: 'Orders: the API #1 - with {braces}, [brackets] & 100% of it:' },
          ]) {
            const config = workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', iac, api, auth, ...jwt, ...answers } as AppAnswers);
            const document = openApiDocument(buildModel(config));
            const fast = fastYaml(document);
            expect(fast, `${iac} ${api} ${auth} ${JSON.stringify(answers)}`).toBe(stringify(document, YAML_OPTIONS));
            printed++;
          }
        }
      }
    }
    expect(printed).toBe(3 * 7 * 3);
  });

  it('leaves to `yaml` what it would escape, and prints the same text either way', () => {
    for (const description of ['Orders\u0007', '--- a document', 'tab\there', 'two\nlines']) {
      const document = { info: { description } };
      expect(fastYaml(document), description).toBeUndefined();
      expect(yamlOf(document)).toBe(stringify(document, YAML_OPTIONS));
    }
  });

  it('is `yaml` byte for byte on random maps of tricky strings, numbers, booleans and sequences', () => {
    // Characters that decide quoting: indicators, spaces, `: `, ` #`, digits and number marks.
    const text = fc.string({
      unit: fc.constantFrom(
        'a',
        'Z',
        ' ',
        ':',
        '#',
        '-',
        '?',
        "'",
        '"',
        '0',
        '7',
        '.',
        'e',
        '+',
        'x',
        '{',
        '[',
        ',',
        '%',
        '@',
        '!',
        '&',
        '*',
        '|',
        '>',
        '~',
        '/',
        'é',
        '\t',
        '\n',
      ),
      maxLength: 8,
    });
    const words = fc.oneof(
      text,
      fc.constantFrom('true', 'False', 'null', '~', '0x1F', '0o17', '1e5', '.5', '-.inf', '.NaN', '---', '...', '3.1.0', '200', '$ref', '#/x', 'a: b', 'a #b'),
    );
    const scalar = fc.oneof(words, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
    const { value } = fc.letrec<{ value: unknown; map: Record<string, unknown> }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        scalar,
        tie('map'),
        fc.array(fc.oneof(scalar, tie('map'), fc.constant([])), { maxLength: 3 }),
      ),
      map: fc.dictionary(words, tie('value'), { maxKeys: 4 }),
    }));
    let fast = 0;
    fc.assert(
      fc.property(fc.dictionary(words, value, { minKeys: 1, maxKeys: 5 }), (document) => {
        const printed = fastYaml(document);
        if (printed !== undefined) {
          fast++;
          expect(printed).toBe(stringify(document, YAML_OPTIONS));
        }
        expect(yamlOf(document)).toBe(stringify(document, YAML_OPTIONS));
      }),
      { numRuns: 3000 },
    );
    // Most documents are its own to print: the comparison above is not vacuous.
    expect(fast).toBeGreaterThan(600);
  });
});
