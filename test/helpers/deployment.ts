/**
 * The deployment model (lib/iac/deployment.ts) held to the generator's own model of a workspace:
 * what `.yo-rc.json` gives each function, as the tests of every flavour assert it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { workspaceFromStored } from '../../lib/config.js';
import { type DeploymentModel, itemStatement } from '../../lib/iac/deployment.js';
import { tableName } from '../../lib/iac/terraform.js';
import { type ResourceModel, buildModel } from '../../lib/model.js';
import type { Iac } from '../../lib/types.js';

export interface ExpectedGrant {
  table: ResourceModel;
  actions: string[];
  /** It may query, and its table has an index: its statement names the indexes too. */
  queries: boolean;
}

/** Each function with a table (by name): the table and the DynamoDB actions `.yo-rc.json` gives it. */
export function expectedGrants(dir: string): Map<string, ExpectedGrant> {
  const model = buildModel(workspaceFromStored(JSON.parse(readFileSync(path.join(dir, '.yo-rc.json'), 'utf8'))));
  const out = new Map<string, ExpectedGrant>();
  for (const fn of [...model.routes, ...model.eventFunctions]) {
    if (!fn.table || fn.actions.length === 0) continue;
    const actions = [...fn.actions].sort();
    out.set(fn.name, { table: fn.table, actions, queries: fn.table.indexes.length > 0 && actions.includes('dynamodb:Query') });
  }
  return out;
}

/** The id a flavour's deployment model gives a table: its logical id (CloudFormation) or its Terraform name. */
export function tableRef(iac: Iac, table: ResourceModel): string {
  return iac === 'terraform' ? tableName(table) : table.tableId;
}

/**
 * Holds each function's DynamoDB item statements to `.yo-rc.json`: exactly its actions on exactly
 * its table, with the table's indexes only where it queries them; a function without a table has
 * none; every function with one is deployed. Returns how many functions query an index.
 */
export function expectTableGrants(iac: Iac, dir: string, deployment: DeploymentModel, tableOf: (table: ResourceModel) => string = (table) => tableRef(iac, table)): number {
  const grants = expectedGrants(dir);
  let queried = 0;
  for (const fn of deployment.functions) {
    const statements = fn.statements.filter((s) => itemStatement(s.actions));
    const expected = grants.get(fn.name);
    if (!expected) {
      expect(statements, fn.name).toEqual([]);
      continue;
    }
    const id = tableOf(expected.table);
    if (expected.queries) queried++;
    expect(
      statements.map((s) => ({ actions: [...s.actions].sort(), resources: s.resources })),
      fn.name,
    ).toEqual([{ actions: expected.actions, resources: [`table:${id}`, ...(expected.queries ? [`indexes:${id}`] : [])] }]);
  }
  expect(deployment.functions.map((f) => f.name).filter((n) => grants.has(n)).sort()).toEqual([...grants.keys()].sort());
  return queried;
}
