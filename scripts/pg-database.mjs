// Creates or drops a database in the PostgreSQL server a URL points at (the
// URL's own database is only used to connect). `create` prints the new URL.
//   node scripts/pg-database.mjs create|drop postgres://... NAME
import pg from 'pg';

const [action, url, name] = process.argv.slice(2);
if (!['create', 'drop'].includes(action) || !url || !/^[a-z_][a-z0-9_]*$/.test(name ?? '')) {
  console.error('usage: node scripts/pg-database.mjs create|drop URL NAME');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  if (action === 'create') {
    await client.query(`create database ${name}`);
    const out = new URL(url);
    out.pathname = `/${name}`;
    console.log(out.toString());
  } else {
    await client.query(`drop database if exists ${name} with (force)`);
  }
} finally {
  await client.end();
}
