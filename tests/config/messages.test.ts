/**
 * Every key of every channel type, given values of the wrong kind, says what it expects in
 * words: never zod's bare "Invalid input" or a regular expression.
 */
import { describe, expect, it } from 'vitest';
import { channelTypes } from '../../src/channels/index.js';
import { checkWith, shapeKeys } from '../../src/config/check.js';

const WRONG: unknown[] = [['a', 'b'], { a: 1 }, true, 12.5, -3, 0, 'x', '', 'htp://example.org', '@'];
const BARE = /invalid input|invalid (string|option|value|type|url)\b|must match pattern|\/\^|expected (string|number|int|array|object|boolean)\b/i;

describe('config messages of every channel type', () => {
  for (const type of channelTypes) {
    it(`${type.type}: every key says what it expects`, () => {
      const bare: string[] = [];
      for (const key of shapeKeys(type.schema) ?? []) {
        for (const value of WRONG) {
          const { findings } = checkWith(type.schema, { [key]: value }, ['channels', 'c']);
          for (const f of findings) {
            if (f.path[2] !== key) continue;
            expect(f.message, `${key}: ${JSON.stringify(value)}`).not.toBe('');
            if (BARE.test(f.message)) bare.push(`${key} = ${JSON.stringify(value)}: ${f.message}`);
          }
        }
      }
      expect(bare).toEqual([]);
    });
  }
});
