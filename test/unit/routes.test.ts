import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS } from '../../lib/types.js';
import {
  HEALTH_ROUTE,
  accessOfActions,
  actionsForAccess,
  crudRoutes,
  defaultFunctionName,
  parentParam,
  pathSegments,
  pathShape,
  resourceAbove,
} from '../../lib/routes.js';

describe('routes', () => {
  it('give each access level exactly its DynamoDB actions, and read them back', () => {
    expect(actionsForAccess('none')).toEqual([]);
    expect(actionsForAccess('read')).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan']);
    expect(actionsForAccess('write')).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']);
    expect(actionsForAccess('read-write')).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    ]);
    for (const access of ACCESS_LEVELS) expect(accessOfActions(actionsForAccess(access))).toBe(access);
    expect(accessOfActions(['dynamodb:Query'])).toBe('read');
    expect(accessOfActions(['dynamodb:DeleteItem'])).toBe('write');
    // A copy each time: a caller's change does not reach the next route.
    actionsForAccess('read').push('x');
    expect(actionsForAccess('read')).toHaveLength(3);
  });

  it('give an API without a resource one public GET /health that touches no table', () => {
    expect(HEALTH_ROUTE).toEqual({ name: 'health', method: 'GET', path: '/health', kind: 'health', actions: [] });
  });

  it('give a resource its five CRUD routes, the list scanning, querying its index, or only its sorted index', () => {
    const plain = crudRoutes('book');
    expect(plain.map((r) => `${r.name} ${r.method} ${r.path} ${r.kind} ${r.resource} ${r.actions.join(',')}`)).toEqual([
      'create-book POST /books create book dynamodb:PutItem',
      'get-book GET /books/{id} get book dynamodb:GetItem',
      'list-books GET /books list book dynamodb:Scan',
      'update-book PUT /books/{id} update book dynamodb:UpdateItem',
      'delete-book DELETE /books/{id} delete book dynamodb:DeleteItem',
    ]);
    expect(crudRoutes('book', { indexed: true })[2]!.actions).toEqual(['dynamodb:Query', 'dynamodb:Scan']);
    expect(crudRoutes('book', { sorted: true })[2]!.actions).toEqual(['dynamodb:Query']);
    expect(crudRoutes('book', { indexed: true, sorted: true })[2]!.actions).toEqual(['dynamodb:Query']);
  });

  it("name the parameter of a route of its own under its resource's item that reads the table, and nothing else", () => {
    const under = { kind: 'custom' as const, path: '/books/{bookId}/chapters', resource: 'book', actions: ['dynamodb:GetItem', 'dynamodb:Query'] };
    expect(parentParam(under)).toBe('bookId');
    expect(parentParam({ ...under, kind: 'get' })).toBeUndefined();
    expect(parentParam({ ...under, resource: undefined })).toBeUndefined();
    expect(parentParam({ ...under, actions: ['dynamodb:PutItem'] })).toBeUndefined();
    expect(parentParam({ ...under, path: '/books/{bookId}' })).toBeUndefined();
    expect(parentParam({ ...under, path: '/books/search' })).toBeUndefined();
    expect(parentParam({ ...under, path: '/booksellers/{id}/x' })).toBeUndefined();
    expect(parentParam({ ...under, path: '/shelves/{id}/books/{bookId}/x' })).toBeUndefined();
    expect(resourceAbove(['item', 'book'], '/books/{id}/chapters')).toBe('book');
    expect(resourceAbove(['item', 'book'], '/authors/{id}/books')).toBeUndefined();
  });

  it('read a path into literals and parameters, a parameter only a whole segment in braces', () => {
    expect(pathSegments('/')).toEqual([]);
    expect(pathSegments('/a/{b}/c.d')).toEqual([{ literal: 'a' }, { param: 'b' }, { literal: 'c.d' }]);
    expect(pathSegments('/x{b}/{c}y')).toEqual([{ literal: 'x{b}' }, { literal: '{c}y' }]);
    expect(pathShape('/orders/{orderId}/lines')).toBe('orders/{}/lines');
    expect(pathShape('/orders/{id}/lines')).toBe(pathShape('/orders/{orderId}/lines'));
  });

  it('name a function after the verb and the literal segments, skipping one with no word in it', () => {
    expect(defaultFunctionName('GET', '/orders/{orderId}/lines')).toBe('get-order-lines');
    expect(defaultFunctionName('POST', '/orders')).toBe('create-orders');
    expect(defaultFunctionName('GET', '/')).toBe('get-root');
    expect(defaultFunctionName('PATCH', '/_/status')).toBe('patch-status');
    expect(defaultFunctionName('PUT', '/orders/{orderId}')).toBe('update-order');
    expect(defaultFunctionName('DELETE', '/orders/{orderId}')).toBe('delete-order');
    expect(defaultFunctionName('DELETE', '/~/{id}')).toBe('delete-root');
  });
});
