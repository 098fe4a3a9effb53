/**
 * The JSON Schema of channels.yaml, made from the zod schemas that validate it (one source
 * of truth): the top level, the keys every channel has, and each registered type's own keys.
 * The build writes it to dist/channels.schema.json; `publish schema` prints it; `publish
 * init` points editors at it (`# yaml-language-server: $schema=…`), so they complete keys
 * and flag typos as the editor types.
 */
import { channelTypes } from '../channels/index.js';
import type { ChannelType } from '../channels/types.js';
import { z } from '../zod.js';
import { commonChannelSchema, duration, languagesSchema, topLevelSchema } from './schema.js';

type Json = Record<string, unknown>;

/** A `${NAME}` reference: the loader fills it from the environment before validating. */
const VARIABLE = { type: 'string', pattern: '^.*\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}.*$', description: 'filled from the environment or .env' };

/** zod → JSON Schema, as a file is written (input: defaults are optional), with what zod cannot say itself. */
function toJson(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const out = ctx.jsonSchema as Json;
      if (ctx.zodSchema === duration) {
        Object.assign(out, { anyOf: [{ type: 'string', pattern: '^(\\d+(ms|s|m|h|d))+$' }, { type: 'number', minimum: 0 }], description: 'a duration: 500ms, 90s, 15m, 2h, 1d or 1h30m' });
      } else if (ctx.zodSchema === languagesSchema) {
        for (const key of Object.keys(out)) delete out[key];
        Object.assign(out, { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', items: { type: 'string', minLength: 1 } }] });
      }
    },
  }) as Json;
  delete json.$schema;
  return closed(json);
}

/**
 * Every mapping with named keys takes no others (the loader reports an unknown key as an
 * error), and a string with a format or pattern may also be a `${NAME}` reference.
 */
function closed(node: unknown): Json {
  if (Array.isArray(node)) return node.map(closed) as unknown as Json;
  if (node === null || typeof node !== 'object') return node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, closed(v)])) : closed(value);
  if (out.type === 'object' && out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  if (out.type === 'string' && (out.format !== undefined || out.pattern !== undefined)) {
    const { description, default: fallback, ...rest } = out;
    return { ...(description === undefined ? {} : { description }), ...(fallback === undefined ? {} : { default: fallback }), anyOf: [rest, VARIABLE] };
  }
  return out;
}

/** One type's channel: its `type`, the common keys, and its own keys (its own win where both name one). */
function channelSchema(type: ChannelType): Json {
  const common = toJson(commonChannelSchema);
  const own = toJson(type.schema);
  return {
    type: 'object',
    description: `a ${type.platform} channel`,
    properties: { type: { const: type.type }, ...(common.properties as Json), ...(own.properties as Json) },
    required: ['type', ...((own.required as string[] | undefined) ?? [])],
    additionalProperties: false,
  };
}

/** The JSON Schema (draft 2020-12) of channels.yaml for the registered channel types. */
export function channelsJsonSchema(types: readonly ChannelType[] = channelTypes): Json {
  const top = toJson(topLevelSchema);
  const defs = Object.fromEntries(types.map((t) => [`channel-${t.type}`, channelSchema(t)]));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'publish: channels.yaml',
    description: 'Where publish sends each article: the channels, and settings for all of them.',
    type: 'object',
    properties: {
      ...(top.properties as Json),
      channels: {
        description: 'one entry per destination, under a name of your choosing',
        type: 'object',
        minProperties: 1,
        additionalProperties: { $ref: '#/$defs/channel' },
      },
    },
    required: ['channels'],
    additionalProperties: false,
    $defs: {
      channel: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: types.map((t) => t.type), description: 'the platform' } },
        allOf: types.map((t) => ({
          if: { properties: { type: { const: t.type } }, required: ['type'] },
          then: { $ref: `#/$defs/channel-${t.type}` },
        })),
      },
      ...defs,
    },
  };
}
