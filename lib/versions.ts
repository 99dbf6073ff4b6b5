/**
 * The one place that knows the versions of what generated workspaces depend on. Bump here and
 * every template follows.
 */
export const versions = {
  /**
   * `rust-version` of the workspace: the pinned toolchain's release, which is what the workspace
   * is built and tested with. The AWS SDK crates raise their own `rust-version` with their
   * releases (1.94.1 in 2026-12): an older declared version made cargo resolve with a warning per
   * crate and promise a compiler that cannot build the locked dependencies. Cargo's MSRV-aware
   * resolver (edition 2024) keeps to crate versions that this declaration allows.
   */
  rustVersion: '1.95',
  /** The toolchain of `rust-toolchain.toml`: local builds and CI use the same compiler and lints. */
  toolchain: '1.95.0',
  /** cargo-deny of the generated CI (the action bundles this version). */
  cargoDeny: '0.20.2',
  /** GitHub Actions and images of the generated CI, pinned to releases. */
  actions: {
    checkout: 'actions/checkout@v4.2.2',
    cache: 'actions/cache@v4.2.3',
    setupPython: 'actions/setup-python@v5.6.0',
    setupNode: 'actions/setup-node@v4.4.0',
    setupTerraform: 'hashicorp/setup-terraform@v3.1.2',
    cargoDeny: 'EmbarkStudios/cargo-deny-action@v2.1.1',
    createPullRequest: 'peter-evans/create-pull-request@v7.0.8',
    /** A GitHub App's token for the upgrade's push and pull request (v3.1.1, by its commit). */
    createAppToken: 'actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3 # v3.1.1',
  },
  /** DynamoDB Local image of compose.yaml and of the CI's integration job. */
  dynamodbLocalImage: 'amazon/dynamodb-local:2.6.1',
  crates: {
    lambda_http: '1.3',
    /** The runtime and event types of functions not behind HTTP (the versions lambda_http 1.3 uses). */
    lambda_runtime: '1.5',
    aws_lambda_events: '1.2',
    'aws-config': '1.13',
    'aws-sdk-dynamodb': '1.136',
    base64: '0.22',
    serde: '1',
    serde_json: '1',
    /** DynamoDB stream images into Rust types (the version aws_lambda_events 1.2 uses). */
    serde_dynamo: '4',
    thiserror: '2',
    tokio: '1',
    tracing: '0.1',
    uuid: '1',
  },
  /**
   * Exact versions for the CDK app's and the Pulumi program's package.json: a new workspace installs what the generator's
   * tests installed, and a registry release cannot change it; bump them here, deliberately.
   */
  npm: {
    'aws-cdk-lib': '2.276.0',
    'aws-cdk': '2.1148.1',
    constructs: '10.8.1',
    'cargo-lambda-cdk': '0.0.36',
    'cdk-nag': '2.38.2',
    /** The Pulumi program's: 3.248 is the last @pulumi/pulumi that runs on Node.js 20. */
    '@pulumi/pulumi': '3.248.0',
    '@pulumi/aws': '7.48.0',
    '@types/node': '20.19.0',
    tsx: '4.23.15',
    typescript: '5.9.3',
    vitest: '4.1.12',
  },
  /** `[profile.release] opt-level`, and the comment that explains it in the generated Cargo.toml. */
  optLevel: 'z' as number | string,
  optLevelReason: [
    'opt-level "z", by measurement (docs/benchmarks.md of generator-serverless-api): a third',
    'smaller zip than opt-level 3 (2.5 vs 3.8 MiB for get-item) with the same init and first-',
    'invocation times locally; warm invocations were about 7% slower.',
  ],
  /** `[profile.release] panic`, and the comment that explains it in the generated Cargo.toml. */
  panic: 'unwind' as 'unwind' | 'abort',
  panicReason: [
    'panic = "unwind", by measurement (docs/benchmarks-profile.md of generator-serverless-api):',
    'lambda_runtime catches a panic, answers that invocation with an error and keeps the sandbox',
    'warm (with "abort" the process dies and the next request pays a cold start). Its cost: a 12%',
    'larger zip (2.80 vs 2.49 MiB for get-item); init and invocation times differed by less than',
    'the run-to-run noise.',
  ],
  /** What the README says of SAM CLI's support for Rust. */
  samCliNote:
    'SAM CLI builds Rust with `BuildMethod: rust-cargolambda`; releases from 2026 on need no `--beta-features` (older ones: `sam build --beta-features`)',
} as const;

export type Versions = typeof versions;
