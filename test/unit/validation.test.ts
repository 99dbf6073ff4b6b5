import { describe, expect, it } from 'vitest';
import { HEALTH_ROUTE, crudRoutes } from '../../lib/routes.js';
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
  it('keeps <project>-<stage>-<function> within Lambda\'s 64 characters', () => {
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
  it('keeps the timeout within API Gateway\'s 29 seconds', () => {
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
    expect(validateNewRoute(existing, { name: 'fetch-item', method: 'GET', path: '/items/{itemId}' })).toContain(
      'already exists as GET /items/{id}',
    );
  });

  it('refuses two parameter names at one position', () => {
    expect(validateNewRoute(existing, { name: 'get-lines', method: 'GET', path: '/items/{itemId}/lines' })).toContain(
      'needs one name per position',
    );
  });
});
