import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APP_ANSWERS, APP_DEFAULTS, type AppAnswers } from '../../lib/answers.js';
import { storedConfig, workspaceFromAnswers, workspaceFromStored } from '../../lib/config.js';
import { renderFiles, workspaceFiles } from '../../lib/files.js';
import { FLAVOUR_PARTIALS, type Flavour } from '../../lib/iac/flavour.js';
import { FLAVOURS } from '../../lib/iac/index.js';
import { buildModel } from '../../lib/model.js';
import { TEMPLATES_DIR, renderTemplate } from '../../lib/render.js';
import { CRATES } from '../../lib/triggers/crates/index.js';
import { EVENT_TRIGGERS } from '../../lib/triggers/index.js';
import { templateData } from '../../lib/template-data.js';
import { API_TYPES, IAC_IDS, type Iac, type WorkspaceConfig } from '../../lib/types.js';
import { REPO_ROOT } from '../helpers/generators.js';

const config = (overrides: Partial<AppAnswers> = {}): WorkspaceConfig => workspaceFromAnswers({ ...APP_DEFAULTS, name: 'shop', ...overrides } as AppAnswers);

const FLAVOUR_LIST = Object.entries(FLAVOURS) as [Iac, Flavour][];

describe('flavours are plug-ins', () => {
  it('the registry has exactly one flavour per id of IAC_IDS, each under its own id', () => {
    expect(Object.keys(FLAVOURS).sort()).toEqual([...IAC_IDS].sort());
    for (const [id, flavour] of FLAVOUR_LIST) expect(flavour.id).toBe(id);
  });

  const matrix = FLAVOUR_LIST.flatMap(([id, flavour]) =>
    API_TYPES.flatMap((api) =>
      [true, false].map((resource) => ({ id, flavour, api, resource, label: `${id} ${api} ${resource ? 'resource' : 'no resource'}` })),
    ),
  );

  it.each(FLAVOUR_LIST)('%s: describes itself for the prompt, the README and the summary, and says how to deploy', (_, flavour) => {
    for (const text of [flavour.choice, flavour.label, flavour.layout, flavour.summary]) expect(text.trim().length).toBeGreaterThan(2);
    for (const installed of [true, false]) expect(flavour.deployStep({ installed })).toMatch(/\S/);
    if (flavour.install) {
      expect(flavour.install.dir).toMatch(/^[\w.-]+$/);
      expect(flavour.install.command).toMatch(/\S/);
    }
  });

  it.each(FLAVOUR_LIST)('%s: has every partial the shared templates include, and each renders', (id) => {
    const model = buildModel(config({ iac: id }));
    for (const partial of FLAVOUR_PARTIALS) {
      const file = path.join(TEMPLATES_DIR, 'iac', id, 'partials', partial);
      expect(existsSync(file), file).toBe(true);
      expect(renderTemplate(`iac/${id}/partials/${partial}`, templateData(model)).trim().length, partial).toBeGreaterThan(0);
    }
    // A partial the shared templates do not include would be dead.
    expect(readdirSync(path.join(TEMPLATES_DIR, 'iac', id, 'partials')).sort()).toEqual([...FLAVOUR_PARTIALS].sort());
  });

  it.each(matrix)('$label: declares its files, each with an update strategy, none shared with the common files', async ({ id, api, resource }) => {
    const model = buildModel(config({ iac: id, api, resource: resource ? 'item' : false }));
    const own = FLAVOURS[id].files(model);
    expect(own.length).toBeGreaterThan(0);
    for (const spec of own) expect(['new', 'regenerate', 'edit', 'markers'], spec.path).toContain(spec.update.kind);
    const all = workspaceFiles(model).map((s) => s.path);
    expect(new Set(all).size, 'one spec per path').toBe(all.length);
    // Every file renders.
    const rendered = await renderFiles(own);
    for (const file of rendered) expect(file.contents.length, file.path).toBeGreaterThan(0);
  });
});

describe('answers are declared once', () => {
  it('each answer has a flag, a prompt, a default that passes its own validation (or, asked only for some answers and not optional, none: it must be given), and a parser', () => {
    for (const a of APP_ANSWERS) {
      expect(a.message.length, a.flag).toBeGreaterThan(0);
      expect(a.help('x').length, a.flag).toBeGreaterThan(0);
      const fallback = typeof a.default === 'function' ? a.default({ name: 'shop' }) : a.default;
      if ('when' in a && a.when && !('optional' in a && a.optional)) expect(a.validate(fallback), a.flag).toMatch(new RegExp(`^--${a.flag} is needed with`));
      else expect(a.validate(fallback), a.flag).toBe(true);
      expect(a.parse(fallback), a.flag).not.toBeUndefined();
    }
  });

  it('the flavour question offers exactly the registered flavours', () => {
    const iac = APP_ANSWERS.find((a) => a.flag === 'iac');
    expect(iac?.choices?.map((c) => c.value)).toEqual(Object.keys(FLAVOURS));
  });
});

describe('triggers are plug-ins', () => {
  it('every function of a workspace has a trigger whose kind is registered', () => {
    const model = buildModel(config());
    for (const fn of model.functions) expect(CRATES[fn.trigger.type], fn.name).toBeDefined();
    expect(model.functions.map((f) => f.trigger)).toEqual(model.routes.map((r) => ({ type: 'http', method: r.method, path: r.path })));
  });
});

describe('the policy block', () => {
  const policy = { throttling: { rateLimit: 50, burstLimit: 80 }, logRetentionDays: 90, tags: { Team: 'payments' }, namePrefix: 'acme-' };
  const withPolicy = (iac: Iac) => ({ ...config({ iac, resource: 'book' }), policy });
  const files = async (iac: Iac) => new Map((await renderFiles(workspaceFiles(buildModel(withPolicy(iac))))).map((f) => [f.path, f.contents]));

  it('is stored only when it differs from the defaults, and read back', () => {
    expect(JSON.stringify(storedConfig(config()))).not.toContain('policy');
    const stored = JSON.parse(JSON.stringify(storedConfig(withPolicy('cdk'))));
    expect(stored['generator-serverless-api'].policy).toEqual(policy);
    expect(workspaceFromStored(stored).policy).toEqual(policy);
  });

  it('refuses a stored policy with a retention CloudWatch does not offer, naming the key', () => {
    const stored = JSON.parse(JSON.stringify(storedConfig(withPolicy('cdk'))));
    stored['generator-serverless-api'].policy.logRetentionDays = 31;
    expect(() => workspaceFromStored(stored)).toThrow(/policy\.logRetentionDays/);
  });

  it('reaches the CDK app: throttling, retention, tags, name prefix', async () => {
    const f = await files('cdk');
    const stack = f.get('infra/lib/api-stack.ts') ?? '';
    expect(stack).toContain('throttle: { rateLimit: 50, burstLimit: 80 }');
    expect(stack).toContain('retention: logs.RetentionDays.THREE_MONTHS');
    expect(f.get('infra/bin/app.ts')).toContain("Tags.of(app).add('Team', 'payments');");
    expect(f.get('infra/lib/manifest.ts')).toContain("project: 'acme-shop'");
  });

  it('reaches the SAM template and samconfig.toml', async () => {
    const f = await files('sam');
    const template = parseYaml(f.get('template.yaml') ?? '', {
      customTags: ['!Ref', '!GetAtt', '!Sub'].map((tag) => ({ tag, resolve: (v: string) => v })),
    }) as any;
    expect(template.Resources.Api.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 80, ThrottlingRateLimit: 50 });
    expect(template.Resources.ApiAccessLogs.Properties.RetentionInDays).toBe(90);
    expect(template.Resources.GetBookFunction.Properties.FunctionName).toBe('acme-shop-${Stage}-get-book');
    expect(template.Resources.GetBookLogs.Properties.RetentionInDays).toBe(90);
    const samconfig = parseToml(f.get('samconfig.toml') ?? '') as any;
    expect(samconfig.default.deploy.parameters.tags).toBe('Project=acme-shop Stage=dev ManagedBy=sam Team=payments');
    expect(samconfig.prod.deploy.parameters.tags).toBe('Project=acme-shop Stage=prod ManagedBy=sam Team=payments');
    expect(samconfig.default.global.parameters.stack_name).toBe('acme-shop-dev');
    expect(samconfig.prod.global.parameters.stack_name).toBe('acme-shop-prod');
  });

  it('reaches the Terraform files', async () => {
    const f = await files('terraform');
    expect(f.get('infra/api.tf')).toMatch(/throttling_burst_limit = 80\n\s+throttling_rate_limit\s+= 50/);
    expect(f.get('infra/variables.tf')).toMatch(/log_retention_days[\s\S]*default\s+= 90/);
    expect(f.get('infra/providers.tf')).toMatch(/Team\s+= "payments"/);
    expect(f.get('infra/locals.tf')).toContain('project = "acme-shop-${var.stage}"');
  });

  it('names the tables with the prefix in the local loop too', async () => {
    const f = await files('sam');
    expect(f.get('Cargo.toml')).toContain('BOOKS_TABLE_NAME = "acme-shop-books"');
    expect(f.get('Makefile')).toContain('BOOKS_TABLE_NAME=acme-shop-books');
  });
});

/** Every .ts file below a folder of the repository. */
function sources(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir)).flatMap((entry) => {
    const rel = path.join(dir, entry);
    if (statSync(path.join(REPO_ROOT, rel)).isDirectory()) return sources(rel);
    return rel.endsWith('.ts') || rel.endsWith('.ejs') ? [rel] : [];
  });
}

describe('the source tree', () => {
  it('has no import cycles (type imports included)', () => {
    const files = [...sources('lib'), ...sources('generators'), ...sources('bin')].filter((f) => f.endsWith('.ts'));
    const edges = new Map<string, string[]>();
    for (const file of files) {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
      const targets = [...text.matchAll(/(?:import|export)[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)].map((m) =>
        path.join(path.dirname(file), (m[1] ?? m[2] ?? '').replace(/\.js$/, '.ts')),
      );
      edges.set(file, targets);
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of edges.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
    expect(edges.get('lib/types.ts'), 'types.ts is a leaf').toEqual([]);
  });

  it('keeps lib/ free of Yeoman: the generators own their base class', () => {
    const offenders = sources('lib')
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from '(?:yeoman-[\w-]+|yo)'|import\('(?:yeoman-[\w-]+|yo)'\)/.test(readFileSync(path.join(REPO_ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
    expect(existsSync(path.join(REPO_ROOT, 'generators/base.ts'))).toBe(true);
  });

  it("names no trigger kind outside lib/triggers/ and the flavours' triggers/ folders (besides the Trigger union in types.ts)", () => {
    const kinds = Object.keys(EVENT_TRIGGERS);
    const named = [
      // A kind as a text ('sqs'), or as an object's key at the start of a line (a table by kind).
      new RegExp(`'(?:${kinds.join('|')})'`),
      new RegExp(`^\\s*(?:${kinds.filter((k) => /^\w+$/.test(k)).join('|')})\\s*:`),
      // A route's trigger by its kind.
      /trigger(?:\.type)?\s*(?:[!=]==|:\s*\{\s*type:)\s*'http'/,
    ];
    const allowed = (file: string, line: string) =>
      file.startsWith('lib/triggers/') || /^lib\/iac\/[\w-]+\/triggers\//.test(file) || (file === 'lib/types.ts' && /^\s*type: '[\w-]+';$/.test(line));
    const offenders = [...sources('lib'), ...sources('generators'), ...sources('bin')]
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        readFileSync(path.join(REPO_ROOT, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, where: `${f}:${i + 1}` }))
          .filter(({ line }) => named.some((re) => re.test(line)) && !allowed(f, line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
    // The kinds the test looks for are the registry's, and the union has each (and no other).
    const union = readFileSync(path.join(REPO_ROOT, 'lib/types.ts'), 'utf8')
      .match(/^\s*type: '([\w-]+)';$/gm)
      ?.map((l) => /'([\w-]+)'/.exec(l)![1]);
    expect(union?.sort()).toEqual([...kinds, 'http'].sort());
  });

  it('names no flavour outside lib/iac/ and templates/iac/ (besides the list of ids in types.ts)', () => {
    const offenders = [...sources('lib'), ...sources('generators'), ...sources('bin'), ...sources('templates')]
      .filter((f) => !f.startsWith('lib/iac/') && !f.startsWith('templates/iac/') && f !== 'lib/types.ts')
      .flatMap((f) =>
        readFileSync(path.join(REPO_ROOT, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, where: `${f}:${i + 1}` }))
          .filter(({ line }) => /iac\s*===|['"](?:cdk|sam|terraform)['"]/.test(line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
