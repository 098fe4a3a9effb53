import { readFile } from 'node:fs/promises';
import { schemaFile } from '../config/schema-file.js';
import type { CommandContext, GlobalOptions } from '../engine/context.js';
import { UsageError } from '../errors.js';

/**
 * `publish schema`: the JSON Schema of channels.yaml the package ships
 * (dist/channels.schema.json, which the build makes from the zod schemas that validate the
 * file: src/config/json-schema.ts). Read, not made again: the CLI bundle stays without the
 * schema maker.
 */
export async function schemaCommand(_opts: GlobalOptions, _ctx: CommandContext): Promise<Record<string, unknown>> {
  const file = schemaFile();
  if (file === undefined) throw new UsageError('this copy of publish has no channels.schema.json: build it with npm run build');
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}
