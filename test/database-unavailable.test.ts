import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connect } from 'node:net';
import { isDatabaseUnavailable, markConnectionError } from '../src/store/database-unavailable.ts';

/** A real refused connection to a port nothing listens on. */
async function refusedConnection(): Promise<Error> {
  return new Promise((resolve) => connect(1, '127.0.0.1').once('error', resolve));
}

test("a restart's SQLSTATEs and the driver's dropped-connection errors count as the database being unavailable", () => {
  const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
  assert.equal(isDatabaseUnavailable(terminated), true);
  assert.equal(isDatabaseUnavailable(Object.assign(new Error('connection failure'), { code: '08006' })), true);
  assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true);
  assert.equal(isDatabaseUnavailable(new Error('could not record run progress', { cause: terminated })), true, 'through a wrapping error');
});

test("a refused connection is the database's only when its connection raised it; a bad statement never is", async () => {
  const outbound = await refusedConnection();
  assert.equal(isDatabaseUnavailable(new TypeError('fetch failed', { cause: outbound })), false, 'an outbound call that was refused');
  const database = markConnectionError(await refusedConnection());
  assert.equal(isDatabaseUnavailable(database), true);
  assert.equal(isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' })), false);
  assert.equal(isDatabaseUnavailable('not an error'), false);
});
