#!/usr/bin/env node
// `npm run bench`: the generator's speed and the generated functions' size, cold start, memory
// and latency, each against a peer measured side by side in the same run. Prints one table and
// writes docs/benchmarks.md. Every figure is a median of several runs. Method: bench/README.md.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { execa } from 'execa';
import { RuntimeApi } from './runtime-api.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(REPO, 'dist/bin/serverless-api.js');
const WORK = mkdtempSync(path.join(os.tmpdir(), 'serverless-api-bench-'));
const TARGET = process.env.BENCH_CARGO_TARGET_DIR ?? path.join(WORK, 'target');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const QUICK = process.env.BENCH_QUICK === '1';
// BENCH_ONLY=generator: only the generator's timings (new against cdk init, route additions);
// BENCH_ONLY=profile: only the release builds and their run time (no generator timings);
// BENCH_VARIANTS=panic-unwind,opt-3: only these variants of the release profile.
const ONLY = process.env.BENCH_ONLY;
const WANTED_VARIANTS = process.env.BENCH_VARIANTS?.split(',').filter(Boolean);
/** Where the report goes: a partial run writes a file of its own, next to the full report. */
const REPORT = ONLY ? `docs/benchmarks-${ONLY}.md` : 'docs/benchmarks.md';
const env = { ...process.env, CARGO_TARGET_DIR: TARGET, CARGO_TERM_COLOR: 'never', NO_COLOR: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' };
const rows = [];
const notes = [];
const started = Date.now();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const fmt = (n, digits = 1) => (n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const log = (...a) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s]`, ...a);
function row(group, what, value, unit, peer = '', ratio = '') {
  rows.push({ group, what, value, unit, peer, ratio });
  log(`${group} | ${what}: ${value} ${unit} ${peer ? `| ${peer} | ${ratio}` : ''}`);
}

async function wall(cmd, args, cwd, extraEnv = {}) {
  const t0 = performance.now();
  const r = await execa(cmd, args, { cwd, env: { ...env, ...extraEnv }, reject: false, all: true, stdin: 'ignore' });
  return { ms: performance.now() - t0, ...r };
}

// ---------------------------------------------------------------- 1. generator speed
async function generatorSpeed() {
  log('generator speed');
  const tools = path.join(WORK, 'tools');
  mkdirSync(tools, { recursive: true });
  // Peers and yo, installed once (not timed): the CDK CLI ships its app templates; yo finds an installed generator.
  execFileSync('npm', ['pack', '--pack-destination', tools, '--ignore-scripts'], { cwd: REPO, stdio: 'ignore' });
  const tarball = execFileSync('ls', [tools], { encoding: 'utf8' }).split('\n').find((f) => f.endsWith('.tgz'));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `./${tarball}`, 'yo@7', 'aws-cdk@2'], { cwd: tools, stdio: 'ignore' });
  const yoHome = path.join(tools, 'home');
  mkdirSync(yoHome, { recursive: true });
  execFileSync('chmod', ['-R', 'a+rwX', WORK]);

  const ours = [];
  const viaYo = [];
  const cdk = [];
  const phases = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so that machine noise touches every contender alike.
    const a = mkdtempSync(path.join(WORK, 'gen-'));
    const r = await wall('node', [CLI, 'new', 'demo', '--yes', '--skip-install', '--no-git'], a, { SERVERLESS_API_TIMINGS: '1' });
    if (r.exitCode !== 0) throw new Error(r.all);
    ours.push(r.ms);
    const m = /SERVERLESS_API_TIMINGS (\{.*\})/.exec(r.all);
    if (m) phases.push(JSON.parse(m[1]));
    const y = mkdtempSync(path.join(WORK, 'yo-'));
    execFileSync('chmod', ['a+rwx', y]);
    const ry = await wall(path.join(tools, 'node_modules/.bin/yo'), ['serverless-api', 'demo', '--yes', '--skip-install', '--no-git'], y, { HOME: yoHome });
    if (ry.exitCode === 0) viaYo.push(ry.ms);
    else notes.push(`yo run failed: ${ry.all.split('\n').slice(-3).join(' ')}`);
    const c = mkdtempSync(path.join(WORK, 'cdk-'));
    const rc = await wall(path.join(tools, 'node_modules/.bin/cdk'), ['init', 'app', '--language', 'typescript', '--generate-only'], c);
    if (rc.exitCode === 0) cdk.push(rc.ms);
    else notes.push(`cdk init failed: ${rc.all.split('\n').slice(-3).join(' ')}`);
  }
  const files = execFileSync('find', [path.join(WORK, execFileSync('ls', [WORK], { encoding: 'utf8' }).split('\n').find((d) => d.startsWith('gen-')), 'demo'), '-type', 'f'], { encoding: 'utf8' }).trim().split('\n').length;
  row('generator', `serverless-api new (defaults, --skip-install; ${files} files)`, fmt(median(ours) / 1000, 2), 's', `cdk init app --generate-only: ${fmt(median(cdk) / 1000, 2)} s`, `${fmt(median(ours) / median(cdk), 2)}x`);
  if (viaYo.length) row('generator', 'yo serverless-api (same answers)', fmt(median(viaYo) / 1000, 2), 's', `cdk init: ${fmt(median(cdk) / 1000, 2)} s`, `${fmt(median(viaYo) / median(cdk), 2)}x`);
  if (phases.length) {
    const p = (k) => median(phases.map((x) => x[k]));
    row('generator', 'where the time goes (ms after process start, median)', `node+CLI ${fmt(p('cli-started'), 0)}; yeoman import +${fmt(p('yeoman-imported') - p('cli-started'), 0)}; generator load +${fmt(p('generator-loaded') - p('yeoman-imported'), 0)}; answers +${fmt(p('answered') - p('generator-loaded'), 0)}; render+format +${fmt(p('rendered') - p('answered'), 0)}; write +${fmt(p('written') - p('rendered'), 0)}; exit ${fmt(p('exit'), 0)}`, 'ms');
  }
  // cargo lambda new --http: fetches its template from the network by default.
  const cl = await wall('cargo', ['lambda', 'new', '--http', '-y', 'hello-http'], mkdtempSync(path.join(WORK, 'cl-')));
  if (cl.exitCode === 0) row('generator', 'cargo lambda new --http -y', fmt(cl.ms / 1000, 2), 's');
  else row('generator', 'cargo lambda new --http -y', 'did not run', '', `needs the network: ${cl.all.split('\n').filter(Boolean).slice(-1)[0]?.slice(0, 120) ?? ''}`);
}

// ---------------------------------------------------------------- 2. route addition as routes grow
async function routeScaling() {
  log('route additions at 1, 10, 50, 200 routes');
  const { planAddition, loadWorkspace } = await import(path.join(REPO, 'dist/lib/workspace.js'));
  const base = mkdtempSync(path.join(WORK, 'routes-'));
  await wall('node', [CLI, 'new', 'many', '--yes', '--skip-install', '--no-git', '--no-resource', '--iac', 'terraform'], base);
  const dir = path.join(base, 'many');
  let count = 1;
  const addDirect = async (n) => {
    // Grows the workspace through the generator's own planning code (fast: no process per route).
    const { root, config } = loadWorkspace(dir);
    const route = { name: `get-thing-${n}`, method: 'GET', path: `/things${n}/{thingId}`, kind: 'custom', actions: [] };
    const after = { ...config, routes: [...config.routes, route] };
    for (const c of await planAddition(root, config, after, [route], [], 'bench')) {
      mkdirSync(path.dirname(path.join(root, c.path)), { recursive: true });
      writeFileSync(path.join(root, c.path), c.contents);
    }
  };
  const out = [];
  const breakdown = [];
  for (const size of [1, 10, 50, 200]) {
    while (count < size) await addDirect(++count);
    const times = [];
    const phases = [];
    for (let i = 0; i < RUNS; i++) {
      const copy = mkdtempSync(path.join(WORK, 'copy-'));
      cpSync(dir, path.join(copy, 'many'), { recursive: true });
      const r = await wall('node', [CLI, 'route', 'POST', `/extra${i}`, '--yes'], path.join(copy, 'many'), { SERVERLESS_API_TIMINGS: '1' });
      if (r.exitCode !== 0) throw new Error(r.all);
      times.push(r.ms);
      const m = /SERVERLESS_API_TIMINGS (\{.*\})/.exec(r.all);
      if (m) phases.push(JSON.parse(m[1]));
    }
    out.push(`${size}: ${fmt(median(times) / 1000, 2)} s`);
    if (phases.length) {
      const p = (k) => median(phases.map((x) => x[k]));
      breakdown.push(`${size}: node+CLI ${fmt(p('cli-started'), 0)}; yeoman +${fmt(p('yeoman-imported') - p('cli-started'), 0)}; generator +${fmt(p('generator-loaded') - p('yeoman-imported'), 0)}; answers +${fmt(p('answered') - p('generator-loaded'), 0)}; render+merge +${fmt(p('planned') - p('answered'), 0)}; write +${fmt(p('written') - p('planned'), 0)}; exit ${fmt(p('exit'), 0)}`);
    }
  }
  row('generator', 'adding one route to a workspace of N routes (Terraform)', out.join('; '), '');
  if (breakdown.length) row('generator', 'where the time of an addition goes (ms after process start, median)', breakdown.join(' / '), 'ms');
}

// ---------------------------------------------------------------- 3. build cost and binaries
function fileSize(p) {
  return existsSync(p) ? statSync(p).size : NaN;
}
const mib = (b) => fmt(b / 1024 / 1024, 2);

/** Binaries of get-item built with other opt-levels, measured at run time with the others. */
const variants = {};
/** The opt-level of the generated release profile. */
let generatedLevel = '?';
/** The panic strategy of the generated release profile. */
let generatedPanic = '?';

async function buildsAndBinaries() {
  log('build of the default workspace (x86_64, release) - minutes');
  const base = mkdtempSync(path.join(WORK, 'ws-'));
  await wall('node', [CLI, 'new', 'demo', '--yes', '--skip-install', '--no-git', '--arch', 'x86_64'], base);
  const ws = path.join(base, 'demo');
  rmSync(TARGET, { recursive: true, force: true });
  const clean = await wall('cargo', ['lambda', 'build', '--release', '--x86-64'], ws);
  if (clean.exitCode !== 0) throw new Error(clean.all.slice(-3000));
  row('build', 'clean cargo lambda build --release (5 functions, x86_64)', fmt(clean.ms / 1000, 0), 's');
  const zip = await wall('cargo', ['lambda', 'build', '--release', '--x86-64', '--output-format', 'zip'], ws);
  if (zip.exitCode !== 0) throw new Error(zip.all.slice(-3000));
  const sizes = ['create-item', 'get-item', 'list-items', 'update-item', 'delete-item'].map((f) => ({
    f,
    bin: fileSize(path.join(TARGET, 'lambda', f, 'bootstrap')),
    zip: fileSize(path.join(TARGET, 'lambda', f, 'bootstrap.zip')),
  }));
  // The release profile's own run (BENCH_ONLY=profile) needs neither the build times nor the peer.
  const profileOnly = ONLY === 'profile';
  if (!profileOnly) await buildCosts(ws);
  // The release profile as generated: its header, its comment lines, its settings.
  const profile = readFileSync(path.join(ws, 'Cargo.toml'), 'utf8').match(/\[profile\.release\]\n(?:(?:#.*|[\w-]+ = .*)(?:\n|$))+/)[0];
  if (!/^opt-level = /m.test(profile) || !/^panic = /m.test(profile)) throw new Error(`the release profile was not read whole:\n${profile}`);
  const hello = profileOnly ? { bin: NaN, zip: NaN } : await helloWorld(profile);
  const get = sizes.find((s) => s.f === 'get-item');
  generatedLevel = /opt-level = "?(\w+)"?/.exec(profile)?.[1] ?? '?';
  generatedPanic = /panic = "(\w+)"/.exec(profile)?.[1] ?? '?';
  row('function', `get-item bootstrap / zip (opt-level ${generatedLevel}, as generated)`, `${mib(get.bin)} / ${mib(get.zip)}`, 'MiB', profileOnly ? '' : `lambda_http hello world: ${mib(hello.bin)} / ${mib(hello.zip)} MiB`, profileOnly ? '' : `${fmt(get.zip / hello.zip, 2)}x (zip)`);
  row('function', 'all five functions, zip', sizes.map((s) => `${s.f} ${mib(s.zip)}`).join(', '), 'MiB');
  return variantBuilds(ws, get);
}

/** Build times: an added route, the tests (debug build, then run only). */
async function buildCosts(ws) {
  await wall('node', [CLI, 'route', 'GET', '/health', '--name', 'health-check', '--yes'], ws);
  const incremental = await wall('cargo', ['lambda', 'build', '--release', '--x86-64'], ws);
  row('build', 'incremental build after adding one route', fmt(incremental.ms / 1000, 0), 's');
  const test = await wall('cargo', ['test', '--workspace'], ws);
  row('build', 'cargo test --workspace (debug build + run)', fmt(test.ms / 1000, 0), 's');
  const testAgain = await wall('cargo', ['test', '--workspace'], ws);
  row('build', 'cargo test --workspace, again (run only)', fmt(testAgain.ms / 1000, 1), 's');
}

/** A minimal lambda_http hello world (the shape `cargo lambda new --http` writes), same profile: the peer of a function's size. */
/** The lambda_http hello world's bootstrap, built with the generated profile (its run time is measured too). */
let helloBinary;

async function helloWorld(profile) {
  const hello = path.join(WORK, 'hello');
  mkdirSync(path.join(hello, 'src'), { recursive: true });
  writeFileSync(path.join(hello, 'Cargo.toml'), `[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2024"\n\n[dependencies]\nlambda_http = { version = "1.3", default-features = false, features = ["apigw_http", "tracing"] }\ntokio = { version = "1", features = ["macros"] }\n\n${profile}\n`);
  writeFileSync(path.join(hello, 'src/main.rs'), 'use lambda_http::{Body, Error, Request, Response, run, service_fn};\n\nasync fn handler(_event: Request) -> Result<Response<Body>, Error> {\n    Ok(Response::new(Body::from("Hello")))\n}\n\n#[tokio::main]\nasync fn main() -> Result<(), Error> {\n    lambda_http::tracing::init_default_subscriber();\n    run(service_fn(handler)).await\n}\n');
  const helloBuild = await wall('cargo', ['lambda', 'build', '--release', '--x86-64', '--output-format', 'zip'], hello);
  await wall('cargo', ['lambda', 'build', '--release', '--x86-64'], hello);
  helloBinary = path.join(TARGET, 'lambda', 'hello', 'bootstrap');
  const helloBin = fileSize(helloBinary);
  const helloZip = fileSize(path.join(TARGET, 'lambda', 'hello', 'bootstrap.zip'));
  if (helloBuild.exitCode !== 0) notes.push(`hello world build failed: ${helloBuild.all.slice(-500)}`);
  return { bin: helloBin, zip: helloZip };
}

/** Variants of get-item, built and measured beside the generated one. */
async function variantBuilds(ws, get) {
  // Variants of get-item: the choices of the release profile (opt-level, panic strategy), backed
  // by numbers. Each overrides one setting of the generated profile through Cargo's environment.
  if (!QUICK) {
    const choices = [
      ...['3', 's', 'z'].filter((l) => l !== generatedLevel).map((level) => ({ key: `opt-${level}`, label: `opt-level "${level}"`, env: { CARGO_PROFILE_RELEASE_OPT_LEVEL: level } })),
      ...['abort', 'unwind'].filter((p) => p !== generatedPanic).map((panic) => ({ key: `panic-${panic}`, label: `panic = "${panic}"`, env: { CARGO_PROFILE_RELEASE_PANIC: panic } })),
    ].filter((choice) => !WANTED_VARIANTS || WANTED_VARIANTS.includes(choice.key));
    for (const choice of choices) {
      log(`get-item with ${choice.label}`);
      const env = { ...choice.env, CARGO_TARGET_DIR: path.join(WORK, `target-${choice.key}`) };
      const lambdaDir = path.join(WORK, choice.key);
      const r = await wall('cargo', ['lambda', 'build', '--release', '--x86-64', '--output-format', 'zip', '-p', 'get-item', '--lambda-dir', lambdaDir], ws, env);
      await wall('cargo', ['lambda', 'build', '--release', '--x86-64', '-p', 'get-item', '--lambda-dir', lambdaDir], ws, env);
      const bin = fileSize(path.join(lambdaDir, 'get-item', 'bootstrap'));
      const z = fileSize(path.join(lambdaDir, 'get-item', 'bootstrap.zip'));
      if (r.exitCode !== 0) notes.push(`${choice.label} build failed: ${r.all.slice(-500)}`);
      row('function', `get-item with ${choice.label}`, `${mib(bin)} / ${mib(z)}`, 'MiB', `as generated: ${mib(get.bin)} / ${mib(get.zip)} MiB`, `${fmt(z / get.zip, 2)}x (zip)`);
      variants[choice.key] = { label: choice.label, binary: path.join(lambdaDir, 'get-item', 'bootstrap') };
    }
  }
  return path.join(TARGET, 'lambda', 'get-item', 'bootstrap');
}

// ---------------------------------------------------------------- 4. cold start, latency, memory
let dynamo;
let dynamoEndpoint;
async function startDynamo() {
  const port = 18000 + Math.floor(Math.random() * 1000);
  const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore', detached: true });
  dynamoEndpoint = `http://127.0.0.1:${port}`;
  dynamo = new DynamoDBClient({ endpoint: dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  for (let i = 0; i < 100; i++) {
    try {
      await dynamo.send(new CreateTableCommand({ TableName: 'bench-items', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }));
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await dynamo.send(new PutItemCommand({ TableName: 'bench-items', Item: { id: { S: '3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91' }, name: { S: 'Blue widget' }, version: { N: '1' } } }));
  return moto;
}

const EVENT = JSON.parse(
  JSON.stringify({
    version: '2.0', routeKey: 'GET /items/{id}', rawPath: '/items/3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91', rawQueryString: '',
    headers: { accept: 'application/json', host: 'abc.execute-api.us-east-1.amazonaws.com' },
    pathParameters: { id: '3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91' },
    requestContext: { accountId: '123456789012', apiId: 'abc', domainName: 'abc.execute-api.us-east-1.amazonaws.com', http: { method: 'GET', path: '/items/3f1c2a8e-5b7d-4c9e-8a1f-6d2b0e4c7a91', protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'bench' }, requestId: 'r', routeKey: 'GET /items/{id}', stage: '$default', time: '27/Nov/2026:12:00:00 +0000', timeEpoch: 0 },
    isBase64Encoded: false,
  }),
);

const rssKib = (pid, field) => {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
};

/** Cold starts (fresh processes) and, on one process, 1,000 warm invocations. */
async function measureProcess(command, args, extraEnv, answer = 'Blue widget') {
  const inits = [];
  const firsts = [];
  let warm = [];
  let rss1 = NaN;
  let rss1000 = NaN;
  let peak = NaN;
  for (let run = 0; run < RUNS; run++) {
    const api = new RuntimeApi();
    const address = await api.listen();
    const t0 = performance.now();
    const child = spawn(command, args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, AWS_LAMBDA_RUNTIME_API: address, AWS_LAMBDA_FUNCTION_NAME: 'bench', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST', AWS_LAMBDA_LOG_STREAM_NAME: 'bench', AWS_LAMBDA_LOG_GROUP_NAME: 'bench', AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint, ITEMS_TABLE_NAME: 'bench-items', RUST_LOG: 'warn',
        ...extraEnv,
      },
    });
    try {
      inits.push((await api.ready()) - t0);
      const first = await api.invoke(EVENT);
      if (!JSON.parse(first.body).body.includes(answer)) throw new Error(`unexpected answer: ${first.body}`);
      firsts.push(first.ms);
      if (run === 0) {
        rss1 = rssKib(child.pid, 'VmRSS');
        const times = [];
        for (let i = 0; i < 999; i++) times.push((await api.invoke(EVENT)).ms);
        warm = times;
        rss1000 = rssKib(child.pid, 'VmRSS');
        peak = rssKib(child.pid, 'VmHWM');
      }
    } finally {
      child.kill('SIGKILL');
      await api.close();
    }
  }
  return { init: median(inits), first: median(firsts), p50: percentile(warm, 50), p99: percentile(warm, 99), rss1: rss1 / 1024, rss1000: rss1000 / 1024, peak: peak / 1024 };
}

const runtimeResults = {};
async function runtimeProfile(label, binary, key) {
  log(`cold start and latency: ${label}`);
  runtimeResults[key] = { label, ...(await measureProcess(binary, [], {})) };
}

async function runtimeComparison(rustBinary) {
  const moto = await startDynamo();
  try {
    await runtimeProfile(`get-item (Rust, opt-level ${generatedLevel})`, rustBinary, 'rust');
    log('cold start and latency: Node.js 20 peer');
    runtimeResults.node = { label: 'Node.js 20 + AWS SDK v3 GetItem', ...(await measureProcess(process.execPath, [path.join(REPO, 'bench/node-handler/index.mjs')], { NODE_PATH: path.join(REPO, 'node_modules') })) };
    for (const [key, { label, binary }] of Object.entries(variants)) await runtimeProfile(`get-item, ${label}`, binary, key);
    // The smallest Rust function there is, same profile, same harness: what get-item adds to it.
    const helloBuilt = helloBinary && existsSync(helloBinary);
    if (helloBuilt) {
      log('cold start and latency: lambda_http hello world');
      runtimeResults.hello = { label: 'lambda_http hello world', ...(await measureProcess(helloBinary, [], {}, 'Hello')) };
    }
    const rust = runtimeResults.rust;
    const node = runtimeResults.node;
    const hello = runtimeResults.hello;
    row('function', 'init: process start to ready for the first event', fmt(rust.init), 'ms', `Node.js: ${fmt(node.init)} ms`, `${fmt(node.init / rust.init, 1)}x faster`);
    row('function', 'first invocation (GetItem on a local DynamoDB)', fmt(rust.first), 'ms', `Node.js: ${fmt(node.first)} ms`, `${fmt(node.first / rust.first, 1)}x faster`);
    row('function', 'warm invocation p50 / p99 (1,000 in a row)', `${fmt(rust.p50, 2)} / ${fmt(rust.p99, 2)}`, 'ms', `Node.js: ${fmt(node.p50, 2)} / ${fmt(node.p99, 2)} ms`, `${fmt(node.p50 / rust.p50, 1)}x (p50)`);
    row('function', 'RSS after 1 / 1,000 invocations; peak', `${fmt(rust.rss1)} / ${fmt(rust.rss1000)}; ${fmt(rust.peak)}`, 'MiB', `Node.js: ${fmt(node.rss1)} / ${fmt(node.rss1000)}; ${fmt(node.peak)} MiB`, `${fmt(node.peak / rust.peak, 1)}x less`);
    if (hello) {
      row('function', 'get-item against the smallest Rust function: init; warm p50', `${fmt(rust.init)}; ${fmt(rust.p50, 2)}`, 'ms', `lambda_http hello world: ${fmt(hello.init)}; ${fmt(hello.p50, 2)} ms`, `${fmt(rust.init / hello.init, 2)}x (init)`);
      row('function', 'get-item against the smallest Rust function: peak RSS', fmt(rust.peak), 'MiB', `lambda_http hello world: ${fmt(hello.peak)} MiB`, `${fmt(rust.peak / hello.peak, 2)}x`);
    }
  } finally {
    process.kill(-moto.pid, 'SIGKILL');
  }
}

// ---------------------------------------------------------------- report
function versions() {
  const v = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0].trim();
    } catch {
      return 'n/a';
    }
  };
  return { node: process.version, rustc: v('rustc', ['--version']), cargoLambda: v('cargo', ['lambda', '--version']), moto: v('python3', ['-c', 'import moto; print("moto", moto.__version__)']) };
}

function report() {
  const v = versions();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = `| Group | What | Value | Unit | Peer (same run) | Ratio |\n| --- | --- | --- | --- | --- | --- |\n`;
  const table = header + rows.map((r) => `| ${r.group} | ${r.what} | ${r.value} | ${r.unit} | ${r.peer} | ${r.ratio} |`).join('\n');
  const variantLines = Object.entries(runtimeResults)
    .filter(([key]) => key in variants)
    .map(([key, r]) => `- get-item with ${variants[key].label}: init ${fmt(r.init)} ms, first invocation ${fmt(r.first)} ms, warm p50/p99 ${fmt(r.p50, 2)}/${fmt(r.p99, 2)} ms, peak RSS ${fmt(r.peak)} MiB`);
  const rust3 = runtimeResults.rust;
  const md = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}; method in [bench/README.md](../bench/README.md).

- Machine: ${os.cpus().length} × ${cpu}, ${fmt(os.totalmem() / 1024 ** 3, 0)} GiB, ${os.type()} ${os.release()}
- Tools: Node.js ${v.node}, ${v.rustc}, ${v.cargoLambda}, ${v.moto}
- Runs: median of ${RUNS} for every timing (cold starts: ${RUNS} fresh processes); warm latency over 1,000 invocations
- arm64 cannot be compiled on this machine (no aarch64 Rust target can be installed here): every function figure is for x86_64.

${table}
${variantLines.length && rust3 ? `\nThe release profile's choices, at run time (same harness, same run):\n\n- get-item as generated (opt-level ${generatedLevel}, panic = "${generatedPanic}"): init ${fmt(rust3.init)} ms, first invocation ${fmt(rust3.first)} ms, warm p50/p99 ${fmt(rust3.p50, 2)}/${fmt(rust3.p99, 2)} ms, peak RSS ${fmt(rust3.peak)} MiB\n${variantLines.join('\n')}\n` : ''}
${notes.length ? `\nNotes:\n\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
  mkdirSync(path.join(REPO, 'docs'), { recursive: true });
  writeFileSync(path.join(REPO, REPORT), md);
  console.log(table);
  console.log(`\nwritten: ${REPORT} (${((Date.now() - started) / 60000).toFixed(1)} min)`);
}

try {
  // BENCH_ONLY=runtime BENCH_BINARY=<bootstrap>: only the cold start, latency and memory part.
  if (ONLY === 'runtime') {
    await runtimeComparison(process.env.BENCH_BINARY);
  } else if (ONLY === 'profile') {
    await runtimeComparison(await buildsAndBinaries());
  } else if (ONLY === 'generator') {
    await generatorSpeed();
    await routeScaling();
  } else {
    await generatorSpeed();
    await routeScaling();
    const rustBinary = await buildsAndBinaries();
    await runtimeComparison(rustBinary);
  }
} finally {
  report();
  rmSync(WORK, { recursive: true, force: true });
}
