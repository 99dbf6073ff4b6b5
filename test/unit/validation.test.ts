import { describe, expect, it } from 'vitest';
import { HEALTH_ROUTE, crudRoutes } from '../../lib/routes.js';
import * as V from '../../lib/validation.js';
import {
  validateDescription,
  validateFunctionName,
  validateMemory,
  validateMethod,
  validateNewRoute,
  validatePath,
  validateProjectName,
  validateResourceName,
  validateTimeout,
} from '../../lib/validation.js';

describe('project names', () => {
  it.each(['demo', 'my-api', 'api2', 'a'])('accepts %s', (name) => {
    expect(validateProjectName(name)).toBe(true);
  });

  it.each([
    ['Bad Name!', 'lowercase letters, digits and single hyphens'],
    ['MyApi', 'lowercase'],
    ['my_api', 'lowercase letters, digits and single hyphens'],
    ['-api', 'starting with a letter'],
    ['api-', 'single hyphens'],
    ['my--api', 'single hyphens'],
    ['2fast', 'starting with a letter'],
    ['', 'required'],
    ['type', 'Rust keyword'],
    ['self', 'Rust keyword'],
    ['shared', 'reserved'],
    ['test', 'reserved'],
    ['a'.repeat(25), 'the limit is 24'],
  ])('refuses %j, saying %s', (name, message) => {
    expect(validateProjectName(name)).toContain(message);
  });

  it('names the option in each choice message', () => {
    expect(V.validateIac('cloudformation')).toBe('--iac must be one of cdk, sam, terraform, pulumi (got "cloudformation")');
    expect(V.validateArch('x86')).toBe('--arch must be one of arm64, x86_64 (got "x86")');
    expect(V.validateAccess('all')).toBe('--access must be one of none, read, write, read-write (got "all")');
  });

  it('takes a path parameter name whole: a letter, then letters, digits and underscores', () => {
    expect(validatePath('/orders/{order_id2}')).toBe(true);
    for (const path of ['/orders/{order-id}', '/orders/{order id}', '/orders/{1order}']) expect(validatePath(path), path).not.toBe(true);
  });

  it('refuses every Rust 2024 keyword (strict, reserved, and weak ones that cannot name a module)', () => {
    const keywords =
      'abstract as async await become box break const continue crate do dyn else enum extern false final fn for gen if impl in let loop macro match mod move mut override priv pub ref return self static struct super trait true try type typeof union unsafe unsized use virtual where while yield';
    for (const name of keywords.split(' ')) expect(validateProjectName(name), name).toContain('Rust keyword');
  });

  it('refuses every name Cargo, rustc or the workspace itself takes', () => {
    for (const name of ['std', 'core', 'alloc', 'proc-macro', 'test', 'build', 'deps', 'examples', 'incremental', 'shared', 'infra', 'lambdas', 'target']) {
      expect(validateProjectName(name), name).toBe(
        `project name "${name}" is reserved (it names a Rust crate or a folder of the workspace); choose another name`,
      );
    }
  });

  it('takes kebab-case names whole: letters and digits in hyphen-separated words, each word non-empty', () => {
    for (const name of ['a', 'ab', 'a1', 'a-b', 'ab-cd', 'a1-b2-c3', 'orders-v2']) expect(validateProjectName(name), name).toBe(true);
    for (const name of ['x-', 'x--y', '-x', '1x', 'x_y', 'x y', 'xY', 'x.y', 'x-Y', 'x-_']) expect(validateProjectName(name), name).not.toBe(true);
  });
});

describe('resource names', () => {
  it('accepts singular names', () => {
    expect(validateResourceName('category')).toBe(true);
    expect(validateResourceName('order-line')).toBe(true);
  });

  it('refuses names whose plural is the same word', () => {
    expect(validateResourceName('data')).toContain('singular');
  });

  it('refuses Rust keywords, which would name a module', () => {
    expect(validateResourceName('match')).toContain('Rust keyword');
  });
});

describe('function names', () => {
  it("keeps <project>-<stage>-<function> within Lambda's 64 characters", () => {
    expect(validateFunctionName('a'.repeat(30))).toBe(true);
    expect(validateFunctionName('a'.repeat(31))).toContain('limit is 30');
  });
});

describe('memory and timeout', () => {
  it.each([128, 256, '10240'])('memory %s is fine', (value) => expect(validateMemory(value)).toBe(true));
  it.each([
    [5, 'from 128 to 10240'],
    [10241, 'from 128 to 10240'],
    ['1.5', 'whole number'],
    ['lots', 'whole number'],
  ])('memory %s is refused', (value, message) => expect(validateMemory(value)).toContain(message));
  it("keeps the timeout within API Gateway's 29 seconds", () => {
    expect(validateTimeout(29)).toBe(true);
    expect(validateTimeout(30)).toContain('from 1 to 29');
    expect(validateTimeout(0)).toContain('from 1 to 29');
  });
});

describe('descriptions', () => {
  it('refuses characters that would break the files they are written into', () => {
    expect(validateDescription('A fine API.')).toBe(true);
    expect(validateDescription('say "hi"')).toContain('quotes');
    expect(validateDescription('line\nbreak')).toContain('control characters');
  });
});

describe('methods and paths', () => {
  it('accepts methods in any case', () => {
    expect(validateMethod('get')).toBe(true);
    expect(validateMethod('FETCH')).toContain('GET, POST, PUT, PATCH, DELETE');
  });

  it.each(['/', '/orders', '/orders/{orderId}', '/orders/{orderId}/lines/{lineId}', '/v1.0/a_b-c'])('accepts %s', (path) => {
    expect(validatePath(path)).toBe(true);
  });

  it.each([
    ['orders', 'must start with "/"'],
    ['/a//b', 'empty segment'],
    ['/orders/', 'must not end with "/"'],
    ['/{}', 'empty or unclosed parameter'],
    ['/{id', 'empty or unclosed parameter'],
    ['/{id}/{id}', 'repeats the parameter {id}'],
    ['/{proxy+}', 'greedy'],
    ['/a b', 'characters API Gateway rejects'],
    ['/a?b', 'characters API Gateway rejects'],
    // API Gateway refuses `~` in a REST resource's path part (the CDK checks it the same way).
    ['/a~b', 'characters API Gateway rejects'],
    ['/{1id}', 'must be a letter'],
    ['/{type}', 'Rust keyword'],
  ])('refuses %s: %s', (path, message) => {
    expect(validatePath(path)).toContain(message);
  });
});

describe('route collisions', () => {
  const existing = [...crudRoutes('item'), HEALTH_ROUTE];

  it('accepts a new route', () => {
    expect(validateNewRoute(existing, { name: 'get-history', method: 'GET', path: '/items/{id}/history' })).toBe(true);
  });

  it('refuses a taken function name, naming its route', () => {
    expect(validateNewRoute(existing, { name: 'get-item', method: 'GET', path: '/other' })).toContain('GET /items/{id}');
  });

  it('refuses the same method and path, even with another parameter name', () => {
    expect(validateNewRoute(existing, { name: 'fetch-item', method: 'GET', path: '/items/{itemId}' })).toContain('already exists as GET /items/{id}');
  });

  it('refuses two parameter names at one position', () => {
    expect(validateNewRoute(existing, { name: 'get-lines', method: 'GET', path: '/items/{itemId}/lines' })).toContain('needs one name per position');
  });
});

describe('validation, at its edges (mutation testing found these untested)', () => {
  it('names what it checks in each message, and check() throws it with its prefix', () => {
    expect(V.validateProjectName('')).toBe('project name is required');
    expect(V.validateResourceName(undefined)).toBe('resource name is required');
    expect(V.validateFunctionName(42)).toBe('function name is required');
    expect(V.validateMemory('12x')).toBe('memory must be a whole number of MB from 128 to 10240 (got "12x")');
    expect(V.validateMemory(' 256 ')).toBe(true);
    expect(V.validateTimeout('30')).toBe('timeout must be from 1 to 29 seconds (got 30)');
    expect(V.validateEventTimeout('900')).toBe(true);
    expect(V.validateEventTimeout('901')).toBe('timeout must be from 1 to 900 seconds (got 901)');
    expect(() => V.check('bad', '--memory')).toThrow(new V.UserError('--memory: bad'));
    expect(() => V.check('bad')).toThrow(new V.UserError('bad'));
    expect(() => V.check(true, '--memory')).not.toThrow();
  });

  it('takes only the listed text for a choice, and a method in any case', () => {
    expect(V.validateApi('http')).toBe(true);
    expect(V.validateApi(['http'])).toBe('--api must be one of http, rest (got "http")');
    expect(V.validateApi('soap')).toBe('--api must be one of http, rest (got "soap")');
    expect(V.validateMethod('patch')).toBe(true);
    expect(V.validateMethod(['GET'])).toBe('method must be one of GET, POST, PUT, PATCH, DELETE (got "GET")');
    expect(V.asMethod('delete')).toBe('DELETE');
  });

  it('holds descriptions and paths to 200 characters, 200 included', () => {
    expect(V.validateDescription('x'.repeat(200))).toBe(true);
    expect(V.validateDescription('x'.repeat(201))).toBe('description is 201 characters long; the limit is 200');
    expect(V.validateDescription(7)).toBe('description must be text');
    expect(V.validatePath(`/${'x'.repeat(199)}`)).toBe(true);
    expect(V.validatePath(`/${'x'.repeat(200)}`)).toBe('path is 201 characters long; the limit is 200');
    expect(V.validatePath('')).toBe('path is required (e.g. /orders/{orderId})');
    expect(V.validatePath(undefined)).toBe('path is required (e.g. /orders/{orderId})');
  });

  it('reads a parameter only as a whole segment in braces', () => {
    expect(V.validatePath('/a/x{id}')).toBe('path "/a/x{id}" has an empty or unclosed parameter "x{id}"; write {name}');
    expect(V.validatePath('/a/{id}x')).toBe('path "/a/{id}x" has an empty or unclosed parameter "{id}x"; write {name}');
    expect(V.validatePath('/a/x}')).toBe('path "/a/x}" has an empty or unclosed parameter "x}"; write {name}');
    expect(V.validatePath('/a/{}')).toBe('path "/a/{}" has an empty or unclosed parameter "{}"; write {name}');
  });

  it('refuses a route whose parameter is named otherwise where another route has one, only on the same literal prefix', () => {
    const existing = [{ name: 'get-order-line', method: 'GET' as const, path: '/orders/{orderId}/lines/{lineId}', kind: 'custom' as const, actions: [] }];
    expect(V.validateNewRoute(existing, { name: 'get-order', method: 'GET', path: '/orders/{id}' })).toBe(
      'path /orders/{id} names the parameter {id} where GET /orders/{orderId}/lines/{lineId} already has {orderId}; API Gateway needs one name per position',
    );
    expect(V.validateNewRoute(existing, { name: 'get-order', method: 'GET', path: '/orders/{orderId}' })).toBe(true);
    // After a different literal, the same position is another resource of API Gateway's.
    expect(V.validateNewRoute(existing, { name: 'get-invoice-line', method: 'GET', path: '/invoices/{invoiceId}/lines/{id}' })).toBe(true);
    expect(V.validateNewRoute(existing, { name: 'get-order-note', method: 'GET', path: '/orders/{orderId}/notes/{id}' })).toBe(true);
    // A literal where another has a parameter is another resource too: nothing further is compared.
    expect(V.validateNewRoute(existing, { name: 'get-orders-x', method: 'GET', path: '/orders/open/lines/{id}' })).toBe(true);
    // The same shape with another method is another route.
    expect(V.validateNewRoute(existing, { name: 'delete-order-line', method: 'DELETE', path: '/orders/{orderId}/lines/{lineId}' })).toBe(true);
  });

  it('takes up to 8 path parameters', () => {
    const path = (n: number) => Array.from({ length: n }, (_, i) => `/s${i}/{p${i}}`).join('');
    expect(V.validateNewRoute([], { name: 'get-deep', method: 'GET', path: path(8) })).toBe(true);
    expect(V.validateNewRoute([], { name: 'get-deep', method: 'GET', path: path(9) })).toBe(`path ${path(9)} has more than 8 parameters`);
  });
});

describe("a function's table access", () => {
  it('needs a resource of the workspace and an access level, each with the other', () => {
    expect(V.tableAccess(['book'], undefined, undefined)).toEqual({ access: 'none' });
    expect(V.tableAccess(['book'], ' book ', 'read')).toEqual({ resource: 'book', access: 'read' });
    expect(V.tableAccess(['book'], '  ', undefined)).toEqual({ access: 'none' });
    expect(() => V.tableAccess(['book', 'item'], 'order', 'read')).toThrow(
      new V.UserError('--resource order is not a resource of this workspace (book, item); add it with `serverless-api resource order`'),
    );
    expect(() => V.tableAccess([], 'order', 'read')).toThrow(
      new V.UserError('--resource order is not a resource of this workspace (it has none); add it with `serverless-api resource order`'),
    );
    expect(() => V.tableAccess(['book'], 'book', undefined)).toThrow(new V.UserError('--resource book needs --access read, write or read-write'));
    expect(() => V.tableAccess(['book'], 'book', 'none')).toThrow(new V.UserError('--resource book needs --access read, write or read-write'));
    expect(() => V.tableAccess(['book'], undefined, 'write')).toThrow(new V.UserError('--access write needs --resource <name>: the table it applies to'));
  });

  it('lets a parameter stand where another route has a literal', () => {
    const existing = [{ name: 'get-open-order-lines', method: 'GET' as const, path: '/orders/open/lines', kind: 'custom' as const, actions: [] }];
    expect(V.validateNewRoute(existing, { name: 'get-order', method: 'GET', path: '/orders/{id}' })).toBe(true);
  });
});
