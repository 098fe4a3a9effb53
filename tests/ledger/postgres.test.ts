/**
 * The ledger contract on PostgreSQL, in `npm test` whenever a server is reachable (CI always
 * starts one: .ci/run). Each test gets a schema of its own on the shared server, named after
 * this process, dropped after the test. Without a server the suite skips, saying why; a
 * server named by $PUBLISH_TEST_POSTGRES must answer. The integration suite
 * (tests/integration/postgres.test.ts) adds the schema, connection and multi-machine tests.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe } from 'vitest';
import { openPostgresLedger } from '../../src/ledger/postgres.js';
import { findDatabaseUrl, unreachable } from '../helpers/postgres.js';
import { testLedger } from './contract.js';

const found = findDatabaseUrl();
const problem = found ? await unreachable(found.url) : 'no PostgreSQL configured ($PUBLISH_TEST_POSTGRES, $DATABASE_URL, or scripts/postgres-ci.sh start)';
if (problem && process.env.PUBLISH_TEST_POSTGRES) {
  throw new Error(`$PUBLISH_TEST_POSTGRES does not answer: ${problem}`);
}
if (problem) console.log(`ledger contract on PostgreSQL skipped: ${problem}${found ? ` (from ${found.from})` : ''}`);

let admin: pg.Pool | undefined;
let count = 0;
const schemas: string[] = [];

/** The server's URL with `schema` first on the search path (the ledger creates its tables there). */
function urlIn(schema: string): string {
  const url = new URL(found!.url);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

afterAll(async () => {
  await admin?.end();
});

describe.skipIf(problem !== undefined)('postgres', () => {
  let schema: string;
  beforeEach(async () => {
    admin ??= new pg.Pool({ connectionString: found!.url, max: 1 });
    schema = `publish_test_${process.pid}_${Date.now().toString(36)}_${++count}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    schemas.push(schema);
  });
  afterEach(async () => {
    while (schemas.length > 0) await admin?.query(`DROP SCHEMA IF EXISTS ${schemas.pop()} CASCADE`);
  });

  testLedger('postgres', () => openPostgresLedger(urlIn(schema), { host: 'test-host', pid: 4242 }));
});
