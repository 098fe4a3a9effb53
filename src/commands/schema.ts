import { channelsJsonSchema } from '../config/json-schema.js';
import type { CommandContext, GlobalOptions } from '../engine/context.js';

/**
 * `publish schema`: the JSON Schema of channels.yaml, made from the same zod schemas that
 * validate it (the build ships the same document as dist/channels.schema.json).
 */
export async function schemaCommand(_opts: GlobalOptions, _ctx: CommandContext): Promise<Record<string, unknown>> {
  return channelsJsonSchema();
}
