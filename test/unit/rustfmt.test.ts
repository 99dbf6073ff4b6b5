import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { APP_DEFAULTS } from '../../lib/answers.js';
import { workspaceFromAnswers } from '../../lib/config.js';
import { workspaceFiles } from '../../lib/files.js';
import { buildModel } from '../../lib/model.js';
import { renderTemplate } from '../../lib/render.js';

/**
 * The generator passes Rust through rustfmt when it can, but the templates themselves must
 * already be rustfmt-clean: `yo` may run where rustfmt is not on PATH (e.g. yo's own switch
 * away from root), and a template that needs reformatting is one a reader finds messy.
 */
describe('Rust templates, as rendered, are rustfmt-clean', () => {
  const variants = [
    { name: 'demo', resource: 'item' as const },
    { name: 'demo', resource: 'category' },
    { name: 'demo', resource: false as const },
    // A REST API with CORS: every answer carries the origin (shared/src/http.rs).
    { name: 'demo', resource: 'item' as const, api: 'rest' as const, cors: 'https://app.example.com' },
  ];
  for (const variant of variants) {
    const config = workspaceFromAnswers({ ...APP_DEFAULTS, ...variant });
    const rust = workspaceFiles(buildModel(config)).filter((f) => f.path.endsWith('.rs'));
    it.each(rust.map((f) => [f.path, f] as const))(`resource ${String(variant.resource)}${'cors' in variant ? ', REST with CORS' : ''}: %s`, (_, spec) => {
      const raw = (typeof spec.contents === 'function' ? spec.contents() : spec.contents) ?? renderTemplate(spec.template ?? '', spec.data ?? {});
      const tidy = `${raw
        .replace(/[ \t]+$/gm, '')
        .replace(/\n{3,}/g, '\n\n')
        .replace(/^\n+/, '')
        .trimEnd()}\n`;
      const formatted = execFileSync('rustfmt', ['--edition', '2024', '--emit', 'stdout', '--quiet'], { input: tidy, encoding: 'utf8' });
      expect(tidy).toBe(formatted);
    });
  }
});
