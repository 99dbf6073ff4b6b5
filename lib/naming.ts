/**
 * Naming rules shared by every generator: how a project, resource or route name becomes a
 * folder, a crate, a Rust module, a type, an environment variable and an AWS resource name.
 * Plain functions, no Yeoman: unit tests call them directly.
 */

/** Reserved words of Rust 2024 (strict, reserved and weak keywords that cannot name a module). */
export const RUST_KEYWORDS: ReadonlySet<string> = new Set([
  'abstract',
  'as',
  'async',
  'await',
  'become',
  'box',
  'break',
  'const',
  'continue',
  'crate',
  'do',
  'dyn',
  'else',
  'enum',
  'extern',
  'false',
  'final',
  'fn',
  'for',
  'gen',
  'if',
  'impl',
  'in',
  'let',
  'loop',
  'macro',
  'match',
  'mod',
  'move',
  'mut',
  'override',
  'priv',
  'pub',
  'ref',
  'return',
  'self',
  'static',
  'struct',
  'super',
  'trait',
  'true',
  'try',
  'type',
  'typeof',
  'union',
  'unsafe',
  'unsized',
  'use',
  'virtual',
  'where',
  'while',
  'yield',
]);

/**
 * Names Cargo or rustc refuse for a package, or that would shadow a crate every Rust program
 * sees (`std`, `core`...), or that the workspace itself uses.
 */
export const RESERVED_CRATE_NAMES: ReadonlySet<string> = new Set([
  'std',
  'core',
  'alloc',
  'proc-macro',
  'test',
  'build',
  'deps',
  'examples',
  'incremental',
  'shared',
  'infra',
  'lambdas',
  'target',
]);

export const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export function words(kebab: string): string[] {
  return kebab.split('-').filter(Boolean);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function toSnake(kebab: string): string {
  return words(kebab).join('_');
}

export function toPascal(kebab: string): string {
  return words(kebab).map(capitalize).join('');
}

export function toCamel(kebab: string): string {
  const pascal = toPascal(kebab);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

export function toScreamingSnake(kebab: string): string {
  return toSnake(kebab).toUpperCase();
}

/** `orderId` or `order_id` -> `order-id`. */
export function kebabFromIdentifier(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  mouse: 'mice',
  goose: 'geese',
  tooth: 'teeth',
  foot: 'feet',
};
const IRREGULAR_SINGULARS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(IRREGULAR_PLURALS).map(([s, p]) => [p, s]));
const UNCOUNTABLE = new Set(['data', 'metadata', 'news', 'series', 'species', 'info', 'equipment', 'feedback']);

function pluralizeWord(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  const irregular = IRREGULAR_PLURALS[word];
  if (irregular) return irregular;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}

function singularizeWord(word: string): string {
  if (UNCOUNTABLE.has(word)) return word;
  const irregular = IRREGULAR_SINGULARS[word];
  if (irregular) return irregular;
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(?:ss|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** English plural of the last word of a kebab-case name: `category` -> `categories`, `order-line` -> `order-lines`. */
export function pluralize(kebab: string): string {
  const parts = words(kebab);
  const last = parts.pop() ?? '';
  return [...parts, pluralizeWord(last)].join('-');
}

/** English singular of the last word of a kebab-case name: `categories` -> `category`. */
export function singularize(kebab: string): string {
  const parts = words(kebab);
  const last = parts.pop() ?? '';
  return [...parts, singularizeWord(last)].join('-');
}

function withArticle(label: string): string {
  return /^[aeiou]/.test(label) ? `an ${label}` : `a ${label}`;
}

/** Every name the templates need for one resource, derived from its singular kebab-case name. */
export interface ResourceNames {
  /** `order-line` */
  name: string;
  /** `order-lines` */
  plural: string;
  /** `order_line`: the module in the shared crate */
  module: string;
  /** `OrderLine`: the model type */
  type: string;
  /** `OrderLines` */
  pluralType: string;
  /** `/order-lines`: the collection path */
  collectionPath: string;
  /** `ORDER_LINES_TABLE_NAME`: the environment variable that carries the table name */
  tableEnv: string;
  /** `OrderLinesTable`: the logical id of the table in CDK/SAM and the Terraform resource stem */
  tableId: string;
  /** `order line`, `order lines`, `Order lines`: for prose and doc comments */
  label: string;
  pluralLabel: string;
  pluralTitle: string;
  /** `an order line`, `An order line`: with its indefinite article */
  aLabel: string;
  aLabelTitle: string;
}

export function resourceNames(name: string): ResourceNames {
  const plural = pluralize(name);
  return {
    name,
    plural,
    module: toSnake(name),
    type: toPascal(name),
    pluralType: toPascal(plural),
    collectionPath: `/${plural}`,
    tableEnv: `${toScreamingSnake(plural)}_TABLE_NAME`,
    tableId: `${toPascal(plural)}Table`,
    label: words(name).join(' '),
    pluralLabel: words(plural).join(' '),
    pluralTitle: capitalize(words(plural).join(' ')),
    aLabel: withArticle(words(name).join(' ')),
    aLabelTitle: capitalize(withArticle(words(name).join(' '))),
  };
}
