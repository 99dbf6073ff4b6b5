import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { formatInWorker, startPrettierWorker } from '../../lib/prettier-worker.js';
import { PRETTIER_OPTIONS } from '../../lib/render.js';

describe('prettier in a worker thread (serverless-api new)', () => {
  it('formats as prettier does in this thread, and reports what prettier refuses', async () => {
    expect(formatInWorker('a', { parser: 'yaml' }), 'no worker before it is started').toBeUndefined();
    startPrettierWorker(['typescript']);
    const source = "const x = {a:1,b:[ 'two' ]}\nexport default x";
    const options = { ...PRETTIER_OPTIONS, parser: 'typescript' };
    const viaWorker = formatInWorker(source, options);
    expect(viaWorker).toBeDefined();
    expect(await viaWorker).toBe(await prettier.format(source, options));
    await expect(formatInWorker('const = ;', options)).rejects.toThrow(/declaration expected\. \(1:7\)/);
  });
});
