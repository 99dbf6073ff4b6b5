import { describe, expect, it } from 'vitest';
import { kebabFromIdentifier, pluralize, resourceNames, singularize, toCamel, toPascal, toSnake } from '../../lib/naming.js';
import { crudRoutes, defaultFunctionName, pathParams, paramVariable, pathShape } from '../../lib/routes.js';

describe('plural and singular', () => {
  it.each([
    ['item', 'items'],
    ['category', 'categories'],
    ['box', 'boxes'],
    ['address', 'addresses'],
    ['day', 'days'],
    ['person', 'people'],
    ['order-line', 'order-lines'],
    ['batch', 'batches'],
  ])('%s <-> %s', (singular, plural) => {
    expect(pluralize(singular)).toBe(plural);
    expect(singularize(plural)).toBe(singular);
  });
});

describe('case conversions', () => {
  it('turns kebab-case into the names Rust and TypeScript use', () => {
    expect(toSnake('order-line')).toBe('order_line');
    expect(toPascal('order-line')).toBe('OrderLine');
    expect(kebabFromIdentifier('orderId')).toBe('order-id');
    expect(kebabFromIdentifier('order_id')).toBe('order-id');
  });

  it('derives every name of a resource from its singular', () => {
    expect(resourceNames('category')).toMatchObject({
      plural: 'categories',
      module: 'category',
      type: 'Category',
      collectionPath: '/categories',
      tableEnv: 'CATEGORIES_TABLE_NAME',
      tableId: 'CategoriesTable',
    });
  });
});

describe('routes', () => {
  it('gives a resource five CRUD routes, each with only the DynamoDB action its handler calls', () => {
    expect(crudRoutes('category').map((r) => [r.name, `${r.method} ${r.path}`, r.actions])).toEqual([
      ['create-category', 'POST /categories', ['dynamodb:PutItem']],
      ['get-category', 'GET /categories/{id}', ['dynamodb:GetItem']],
      ['list-categories', 'GET /categories', ['dynamodb:Scan']],
      ['update-category', 'PUT /categories/{id}', ['dynamodb:UpdateItem']],
      ['delete-category', 'DELETE /categories/{id}', ['dynamodb:DeleteItem']],
    ]);
  });

  it.each([
    ['GET', '/orders/{orderId}/lines', 'get-order-lines'],
    ['GET', '/orders/{orderId}', 'get-order'],
    ['POST', '/orders', 'create-orders'],
    ['DELETE', '/orders/{orderId}/lines/{lineId}', 'delete-order-line'],
    ['PATCH', '/userProfiles/{id}', 'patch-user-profile'],
    ['GET', '/', 'get-root'],
    ['PUT', '/v1.0/settings', 'update-v1-0-settings'],
  ] as const)('%s %s is named %s', (method, path, name) => {
    expect(defaultFunctionName(method, path)).toBe(name);
  });

  it('reads path parameters and their Rust variables', () => {
    expect(pathParams('/orders/{orderId}/lines/{line_id}')).toEqual(['orderId', 'line_id']);
    expect(paramVariable('orderId')).toBe('order_id');
  });

  it('compares paths by shape, as API Gateway does', () => {
    expect(pathShape('/a/{x}/b')).toBe(pathShape('/a/{y}/b'));
    expect(pathShape('/a/{x}')).not.toBe(pathShape('/a/x'));
  });
});

describe('Terraform names of REST API resources', () => {
  it('give every path a name of its own, valid in HCL, that depends on the path alone', async () => {
    const { restResourceName } = await import('../../lib/iac/terraform/index.js');
    const paths = [
      '/items',
      '/items/id',
      '/items/{id}',
      '/items/{id}/id',
      '/items/id/{id}',
      '/v1.0',
      '/v1-0',
      '/v1_0',
      '/v1~0',
      '/V1',
      '/v1',
      '/2024',
      '/r/2024',
      '/a/b',
      '/a_b',
      '/a-b',
      '/ab',
    ];
    const names = paths.map(restResourceName);
    expect(new Set(names).size).toBe(paths.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
    expect(restResourceName('/orders/lines')).toBe('orders_lines');
    expect(restResourceName('/')).toBe('root');
  });
});

describe('English words, at their edges', () => {
  it('keeps uncountable words, and matches an ending only at the end of the word', () => {
    // `ies`, `es` and `s` in the middle of a word are not endings.
    const singulars = { news: 'news', series: 'series', diesel: 'diesel', boxest: 'boxest', assets: 'asset', dress: 'dress', 'bus-stop': 'bus-stop' };
    for (const [word, singular] of Object.entries(singulars)) expect(singularize(word), word).toBe(singular);
    const plurals = { data: 'data', daysheet: 'daysheets', boxer: 'boxers', key: 'keys', city: 'cities', python: 'pythons' };
    for (const [word, plural] of Object.entries(plurals)) expect(pluralize(word), word).toBe(plural);
  });

  it('ignores empty words of a name (two dashes, a leading one) and reads the empty name as empty', () => {
    expect(pluralize('order--line')).toBe('order-lines');
    expect(pluralize('')).toBe('s');
    expect(singularize('')).toBe('');
    expect(toSnake('-order-line')).toBe('order_line');
  });

  it('turns kebab-case into camelCase', () => {
    expect(toCamel('order-line-item')).toBe('orderLineItem');
    expect(toCamel('order')).toBe('order');
  });

  it('labels a resource for prose, with the article its first sound takes', () => {
    const names = resourceNames('order-line');
    expect([names.label, names.pluralLabel, names.pluralTitle, names.aLabel, names.aLabelTitle]).toEqual([
      'order line',
      'order lines',
      'Order lines',
      'an order line',
      'An order line',
    ]);
    expect(resourceNames('book').aLabel).toBe('a book');
    // A vowel later in the word does not take "an".
    expect(resourceNames('tag').aLabel).toBe('a tag');
  });
});
