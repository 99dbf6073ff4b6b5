/**
 * `yo serverless-api:resource <name>` / `serverless-api resource <name>`: a table and its five
 * CRUD functions, with the same data access as the starter resource.
 */
import { RESOURCE_ANSWER_FLAGS, resourceAnswer } from '../../lib/answers.js';
import { WorkspaceGenerator } from '../base.js';
import { resourceNames } from '../../lib/naming.js';
import { type ResourceSpec, resourceNamesOf, resourceRecord, resourceSpec, withResources } from '../../lib/config.js';
import { fieldsOf, fieldsText, indexText, sortKeyText } from '../../lib/fields.js';
import { routeKey } from '../../lib/routes.js';
import type { Route } from '../../lib/types.js';
import { UserError, check, validateNewRoute, validateResourceName } from '../../lib/validation.js';
import { RESOURCE_ARGUMENTS, RESOURCE_OPTIONS } from './command.js';

export default class ResourceGenerator extends WorkspaceGenerator {
  private _resource?: ResourceSpec;

  constructor(args: string[], options: ConstructorParameters<typeof WorkspaceGenerator>[1]) {
    super(args, options);
    this._declare(RESOURCE_ARGUMENTS, RESOURCE_OPTIONS);
  }

  async initializing(): Promise<void> {
    await this._loadWorkspace();
  }

  async prompting(): Promise<void> {
    const given: Record<string, string> = typeof this._opts.name === 'string' ? { name: this._opts.name } : {};
    if (!this._interactive && !given.name) throw new UserError('give the resource NAME, e.g. `serverless-api resource category`');
    const answers = await this._ask(
      [
        { flag: 'name', type: 'input', message: 'Resource name (singular)', default: '', validate: validateResourceName },
        ...RESOURCE_ANSWER_FLAGS.map((flag) => {
          const { help: _help, parse: _parse, errorPrefix: _prefix, samples: _samples, ...question } = resourceAnswer(flag, 'the resource');
          return question;
        }),
      ],
      given,
    );
    const name = answers.name ?? '';
    check(validateResourceName(name));
    const config = this._before;
    const spec = resourceSpec(name, answers.fields, answers.index, answers['sort-key']);
    const { routes } = spec;
    const existing = config.resources.find((r) => r.name === name);
    if (existing) {
      const all = routes.every((r) => config.routes.some((route) => JSON.stringify(route) === JSON.stringify(r)));
      const same = JSON.stringify(resourceRecord(spec)) === JSON.stringify(existing);
      if (all && !same) {
        const stored = [
          fieldsText(fieldsOf(existing.fields)),
          ...(existing.index ? [`index ${indexText(existing.index)}`] : []),
          ...(existing.sortKey ? [`sort key ${sortKeyText(existing.sortKey)}`] : []),
        ];
        throw new UserError(
          `the resource ${name} exists already, with other fields, index or sort key (${stored.join('; ')}); change them in shared/src/${resourceNames(name).module}.rs`,
        );
      }
      if (all) {
        this.log(`The resource ${name} (${resourceNames(name).collectionPath}) is already in this workspace: nothing to change.`);
        return;
      }
      throw new UserError(`the resource ${name} exists already, but some of its routes were changed or removed`);
    }
    const plural = resourceNames(name).plural;
    const clash = resourceNamesOf(config).find((r) => resourceNames(r).plural === plural || resourceNames(r).module === resourceNames(name).module);
    if (clash) throw new UserError(`the resource ${name} would share ${plural} with the resource ${clash}`);
    const placed: Route[] = [...config.routes];
    for (const route of routes) {
      check(validateNewRoute(placed, route), `resource ${name}`);
      placed.push(route);
    }
    this._resource = spec;
  }

  async writing(): Promise<void> {
    if (!this._resource) return;
    const { planAddition } = await import('../../lib/workspace.js');
    const { name, routes } = this._resource;
    const after = withResources(this._before, [this._resource]);
    this._changes = await planAddition({
      root: this._root,
      before: this._before,
      after,
      routes,
      resources: [name],
      command: `serverless-api resource ${name}`,
      read: (f) => this._read(f),
      force: this._force,
    });
    await this._writeChanges();
  }

  end(): void {
    if (!this._resource || this._dryRun) return;
    const lockNote = this._syncLockfile();
    const n = resourceNames(this._resource.name);
    this.log(
      [
        '',
        `Added the resource ${n.name}: the ${n.plural} table and ${this._resource.routes.map((r) => `${routeKey(r)} (${r.name})`).join(', ')}.`,
        'Next steps:',
        '  cargo test --workspace',
        '  make local-tables   # with a local DynamoDB running (README.md, "Run locally")',
        '',
        ...(lockNote ? [lockNote, ''] : []),
      ].join('\n'),
    );
  }
}
