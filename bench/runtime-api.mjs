// A minimal AWS Lambda Runtime API on loopback (the interface a custom runtime polls), enough to
// measure a function process: when it is ready for its first event, and how long each invocation
// takes from the event being handed out to the response being posted.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

export class RuntimeApi {
  #server;
  #pendingNext = [];
  #queue = [];
  #inflight = new Map();
  firstNextAt = undefined;

  async listen() {
    this.#server = http.createServer((req, res) => this.#handle(req, res));
    await new Promise((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${this.#server.address().port}`;
  }

  close() {
    for (const res of this.#pendingNext) res.destroy();
    this.#server.closeAllConnections?.();
    return new Promise((resolve) => this.#server.close(resolve));
  }

  /** Resolves when the process asks for its first event. */
  async ready(timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    while (this.firstNextAt === undefined) {
      if (Date.now() > deadline) throw new Error('the function never asked for an event');
      await new Promise((r) => setTimeout(r, 1));
    }
    return this.firstNextAt;
  }

  /** Hands out one event; resolves with { ms, body } when the function posts its response. */
  invoke(event) {
    return new Promise((resolve, reject) => {
      const id = randomUUID();
      const job = { id, event: JSON.stringify(event), resolve, reject, started: 0 };
      this.#inflight.set(id, job);
      const waiting = this.#pendingNext.shift();
      if (waiting) this.#send(waiting, job);
      else this.#queue.push(job);
    });
  }

  #send(res, job) {
    job.started = performance.now();
    res.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': job.id,
      'lambda-runtime-deadline-ms': String(Date.now() + 30_000),
      'lambda-runtime-invoked-function-arn': 'arn:aws:lambda:us-east-1:123456789012:function:bench',
      'lambda-runtime-trace-id': 'Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0',
    });
    res.end(job.event);
  }

  #handle(req, res) {
    const url = req.url ?? '';
    if (req.method === 'GET' && url.endsWith('/runtime/invocation/next')) {
      this.firstNextAt ??= performance.now();
      const job = this.#queue.shift();
      if (job) this.#send(res, job);
      else this.#pendingNext.push(res);
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const m = /\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(url);
      const job = m && this.#inflight.get(m[1]);
      res.writeHead(202).end();
      if (!job) return;
      this.#inflight.delete(job.id);
      const body = Buffer.concat(chunks).toString();
      if (m[2] === 'error') job.reject(new Error(`function error: ${body}`));
      else job.resolve({ ms: performance.now() - job.started, body });
    });
  }
}
