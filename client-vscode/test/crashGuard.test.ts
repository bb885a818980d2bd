import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CrashGuard } from '../src/crashGuard';

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

test('restarts until the Nth crash within the window, then gives up', () => {
  const c = clock();
  const guard = new CrashGuard(5, 3 * 60_000, c.now);
  for (let i = 0; i < 4; i++) {
    assert.equal(guard.crashed(), true, `crash ${i + 1} restarts`);
    c.advance(10_000);
  }
  assert.equal(guard.crashed(), false, 'the 5th crash within 3 minutes stops the loop');
  assert.equal(guard.recent, 5);
  assert.match(guard.describe(), /crashed 5 times in 3 minutes/);
});

test('crashes spread beyond the window keep restarting', () => {
  const c = clock();
  const guard = new CrashGuard(5, 3 * 60_000, c.now);
  for (let i = 0; i < 20; i++) {
    assert.equal(guard.crashed(), true);
    c.advance(50_000); // 4 crashes per 200 s: never 5 within 180 s
  }
});

test('the window slides: old crashes are forgotten', () => {
  const c = clock();
  const guard = new CrashGuard(3, 60_000, c.now);
  guard.crashed();
  guard.crashed();
  c.advance(60_000); // both now exactly one window old
  assert.equal(guard.recent, 0);
  assert.equal(guard.crashed(), true);
  assert.equal(guard.crashed(), true);
  assert.equal(guard.crashed(), false);
});

test('a restart asked by the user resets the count', () => {
  const c = clock();
  const guard = new CrashGuard(2, 60_000, c.now);
  guard.crashed();
  assert.equal(guard.crashed(), false);
  guard.reset();
  assert.equal(guard.crashed(), true);
});
