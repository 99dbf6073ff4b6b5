#!/usr/bin/env node
// `npm run schema`: writes the published JSON Schema of presets from its source (lib/preset-schema.ts).
import { writeFileSync } from 'node:fs';
import { PRESET_SCHEMA } from '../dist/lib/preset-schema.js';

writeFileSync(new URL('../schemas/preset.schema.json', import.meta.url), `${JSON.stringify(PRESET_SCHEMA, null, 2)}\n`);
