/**
 * Finding the PostgreSQL the tests may use: $PUBLISH_TEST_POSTGRES, else $DATABASE_URL, else
 * the env file scripts/postgres-ci.sh writes ($PG_CI_DIR, default /tmp/publish-pg-ci). The
 * server is shared (other test runs use it at once): tests work in databases or schemas of
 * their own, named after the process, and drop them after.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const isPostgresUrl = (url: string | undefined): url is string => url !== undefined && /^postgres(ql)?:\/\//.test(url);

/** The server's URL and where it was found, or undefined when none is configured. */
export function findDatabaseUrl(env: NodeJS.ProcessEnv = process.env): { url: string; from: string } | undefined {
  if (isPostgresUrl(env.PUBLISH_TEST_POSTGRES)) return { url: env.PUBLISH_TEST_POSTGRES, from: '$PUBLISH_TEST_POSTGRES' };
  if (isPostgresUrl(env.DATABASE_URL)) return { url: env.DATABASE_URL, from: '$DATABASE_URL' };
  const file = join(env.PG_CI_DIR || '/tmp/publish-pg-ci', 'env');
  if (!existsSync(file)) return undefined;
  const url = /^DATABASE_URL=(.+)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
  return isPostgresUrl(url) ? { url, from: file } : undefined;
}

/** Why the server at `url` cannot be used (one line, no password), or undefined when it answers. */
export async function unreachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const password = decodeURIComponent(new URL(url).password);
    const message = error instanceof Error ? error.message : String(error);
    return password ? message.split(password).join('***') : message;
  } finally {
    await client.end().catch(() => undefined);
  }
}
