/**
 * `yo serverless-api:route <METHOD> <PATH>` / `serverless-api route <METHOD> <PATH>`: one more
 * function in an existing workspace, wired in its IaC flavour.
 */
import { resourceNamesOf } from '../../lib/config.js';
import { parseRouteAuth, routeAuthText, validateRouteAuth } from '../../lib/auth.js';
import { type Question, WorkspaceGenerator } from '../base.js';
import { lockedAnswers, lockedConflict, sameAnswer, withPresetBounds } from '../../lib/preset.js';
import { actionsForAccess, defaultFunctionName, resourceAbove, routeKey } from '../../lib/routes.js';
import { ACCESS_LEVELS, type Route } from '../../lib/types.js';
import {
  UserError,
  tableAccess,
  asMethod,
  check,
  validateAccess,
  validateFunctionName,
  validateMemory,
  validateMethod,
  validateNewRoute,
  validatePath,
  validateTimeout,
} from '../../lib/validation.js';
import { ROUTE_ARGUMENTS, ROUTE_OPTIONS } from './command.js';

export default class RouteGenerator extends WorkspaceGenerator {
  private _route?: Route;

  constructor(args: string[], options: ConstructorParameters<typeof WorkspaceGenerator>[1]) {
    super(args, options);
    this._declare(ROUTE_ARGUMENTS, ROUTE_OPTIONS);
  }

  async initializing(): Promise<void> {
    await this._loadWorkspace();
  }

  async prompting(): Promise<void> {
    const given: Record<string, string> = {};
    for (const key of ['method', 'path'] as const) {
      const value = this._opts[key];
      if (typeof value === 'string') given[key] = value;
    }
    const config = this._before;
    if (!this._interactive && (!given.method || !given.path)) {
      throw new UserError('give the METHOD and PATH of the route, e.g. `serverless-api route GET /orders/{orderId}`');
    }
    const answers = await this._ask(
      [
        { flag: 'method', type: 'input', message: 'HTTP method', default: 'GET', validate: validateMethod },
        { flag: 'path', type: 'input', message: 'Path (e.g. /orders/{orderId})', default: '', validate: validatePath },
      ],
      given,
    );
    check(validateMethod(answers.method), 'method');
    check(validatePath(answers.path), 'path');
    const method = asMethod(answers.method ?? '');
    const path = answers.path ?? '';
    // Under a preset, a locked memory or timeout stays as locked, and every answer within its bounds.
    const preset = config.preset;
    const bounded = (q: Question): Question => (preset ? withPresetBounds(preset, q) : q);
    if (preset) {
      for (const [flag, locked] of Object.entries(lockedAnswers(preset))) {
        const given = this._flag(flag);
        if ((flag === 'memory' || flag === 'timeout') && given !== undefined && !sameAnswer(flag, String(given), locked))
          throw lockedConflict(preset, flag, String(given));
      }
    }
    // A route under a resource's item (`/books/{id}/chapters`) reads that item's table unless told
    // otherwise: it answers 404 under one that does not exist.
    const above = this._flag('resource') === undefined && this._flag('access') === undefined ? resourceAbove(resourceNamesOf(config), path) : undefined;
    // Without a terminal, these optional answers take their defaults rather than stopping the run.
    const rest = await this._ask([
      { flag: 'name', type: 'input', message: 'Function name', default: defaultFunctionName(method, path), validate: validateFunctionName, optional: true },
      {
        flag: 'resource',
        type: 'input',
        message: `Resource whose table it uses (blank for none; ${resourceNamesOf(config).join(', ') || 'none yet'})`,
        default: above ?? '',
        optional: true,
      },
      {
        flag: 'access',
        type: 'select',
        message: 'Access to that table',
        default: above ? 'read' : 'none',
        choices: ACCESS_LEVELS.map((v) => ({ name: v, value: v })),
        validate: validateAccess,
        optional: true,
      },
      bounded({ flag: 'memory', type: 'input', message: 'Memory (MB)', default: String(config.memory), validate: validateMemory, optional: true }),
      bounded({ flag: 'timeout', type: 'input', message: 'Timeout (seconds)', default: String(config.timeout), validate: validateTimeout, optional: true }),
      {
        flag: 'auth',
        type: 'input',
        message: `Authentication (default: the API's, ${config.auth.kind}; none, iam or scopes:<a,b>)`,
        default: 'default',
        validate: (value: string) => {
          const parsed = parseRouteAuth(value);
          return typeof parsed === 'string' ? parsed : validateRouteAuth(parsed, config.auth);
        },
        optional: true,
      },
    ]);
    const routeAuth = parseRouteAuth(rest.auth ?? 'default');
    if (typeof routeAuth === 'string') throw new UserError(routeAuth);
    const { resource, access } = tableAccess(resourceNamesOf(config), rest.resource, rest.access);
    const route: Route = {
      name: rest.name ?? '',
      method,
      path,
      kind: 'custom',
      ...(resource ? { resource } : {}),
      actions: actionsForAccess(access),
      ...(Number(rest.memory) !== config.memory ? { memory: Number(rest.memory) } : {}),
      ...(Number(rest.timeout) !== config.timeout ? { timeout: Number(rest.timeout) } : {}),
      ...(routeAuth.kind !== 'default' ? { auth: routeAuthText(routeAuth) } : {}),
    };
    check(validateFunctionName(route.name), '--name');
    const same = config.routes.find((r) => JSON.stringify(r) === JSON.stringify(route));
    if (same) {
      this.log(`${routeKey(same)} (${same.name}) is already in this workspace, as asked: nothing to change.`);
      return;
    }
    check(validateNewRoute(config.routes, route));
    if ((config.functions ?? []).some((f) => f.name === route.name)) {
      throw new UserError(`${route.name} is already a function of this workspace (lambdas/${route.name}/); choose another --name`);
    }
    this._route = route;
  }

  async writing(): Promise<void> {
    if (!this._route) return;
    const { planAddition } = await import('../../lib/workspace.js');
    const after = { ...this._before, routes: [...this._before.routes, this._route] };
    const command = `serverless-api route ${this._route.method} ${this._route.path}`;
    this._changes = await planAddition({
      root: this._root,
      before: this._before,
      after,
      routes: [this._route],
      command,
      read: (f) => this._read(f),
      force: this._force,
    });
    await this._writeChanges();
  }

  end(): void {
    if (!this._route || this._dryRun) return;
    const lockNote = this._syncLockfile();
    const r = this._route;
    this.log(
      [
        '',
        `Added ${routeKey(r)}: the function ${r.name} (lambdas/${r.name}/)${r.resource ? `, with ${r.actions.join(', ')} on the ${r.resource} table` : ''}.`,
        'Next steps:',
        `  edit lambdas/${r.name}/src/handler.rs`,
        `  cargo test -p ${r.name}`,
        `  cargo lambda invoke ${r.name} --data-file lambdas/${r.name}/events/ok.json   # while cargo lambda watch runs`,
        '',
        ...(lockNote ? [lockNote, ''] : []),
      ].join('\n'),
    );
  }
}
