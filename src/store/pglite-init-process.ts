import { PGlite } from '@electric-sql/pglite';

// Creating a database cluster takes several hundred MB of WebAssembly memory that is never given back
// to the system; doing it in a short-lived process leaves the serving process small.
const [dataDir, settings] = process.argv.slice(2);
const db = await PGlite.create(dataDir, { postgresqlconf: JSON.parse(settings) as string[] });
await db.close();
