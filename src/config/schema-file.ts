import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the package's channels.schema.json is: beside the CLI bundle (dist/), or, when
 * running from the sources (tests), in the build's dist/. Undefined when not built.
 */
export function schemaFile(): string | undefined {
  for (const candidate of ['./channels.schema.json', '../../dist/channels.schema.json']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) return file;
  }
  return undefined;
}
