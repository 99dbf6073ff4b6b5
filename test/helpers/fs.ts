import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file below `root`, relative, sorted; `.git/` is left out. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      if (entry === '.git' || entry === 'node_modules') continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}

/** Path -> contents of every file below `root`. */
export function snapshot(root: string): Record<string, string> {
  return Object.fromEntries(listFiles(root).map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
}
