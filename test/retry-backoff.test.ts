import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, RetryBackoff } from '../src/store/retry-backoff.ts';

test('waits double from 100 ms up to 5 s while failures go on, and one success starts over', () => {
  let now = 0;
  const backoff = new RetryBackoff({ random: () => 0, now: () => now });
  const waits = Array.from({ length: 9 }, () => backoff.failed());
  assert.deepEqual(waits, [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  assert.equal(waits[0], BACKOFF_INITIAL_MS);
  assert.equal(Math.max(...waits), BACKOFF_MAX_MS);
  assert.equal(backoff.failures, 9);
  assert.equal(backoff.succeeded(), true, 'the success ended a run of failures');
  assert.equal(backoff.succeeded(), false);
  assert.equal(backoff.failed(), 100);
});

test('jitter shortens a wait by at most half', () => {
  const backoff = new RetryBackoff({ random: () => 0.999 });
  assert.equal(backoff.failed(), 50);
  assert.equal(backoff.failed(), 100);
});

test('a timer-driven loop skips its ticks until the wait after the last failure has passed', () => {
  let now = 1000;
  const backoff = new RetryBackoff({ random: () => 0, now: () => now });
  assert.equal(backoff.waiting(), false);
  backoff.failed();
  assert.equal(backoff.waiting(), true);
  now += 99;
  assert.equal(backoff.waiting(), true);
  now += 1;
  assert.equal(backoff.waiting(), false);
  backoff.failed();
  now += 150;
  assert.equal(backoff.waiting(), true, 'the second wait is longer');
  backoff.succeeded();
  assert.equal(backoff.waiting(), false);
});
