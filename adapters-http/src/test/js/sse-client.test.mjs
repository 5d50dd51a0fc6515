// The client module's logic against a fake stream, fake timers and fake Web Locks (Node's test runner).
// Run: node --test adapters-http/src/test/js/ (SseClientJsTest runs it inside mvn verify).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKOFF_CAP_MS, EventStreamParser, backoffDelay, compareIds, createSseClient, eventSourceFacade, streamUrl,
} from '../../main/resources/static/js/sse-client.js';

const encoder = new TextEncoder();

/** A 200 text/event-stream response whose body the test writes, ends or breaks. */
function liveStream() {
  let controller;
  const body = new ReadableStream({ start(c) { controller = c; } });
  return {
    response: new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    push(text) { controller.enqueue(encoder.encode(text)); },
    end() { controller.close(); },
    cut() { controller.error(new TypeError('network error')); },
  };
}

function jsonResponse(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** fetch that answers each request with the next queued answer and records what was asked. */
function fakeFetch() {
  const answers = [];
  const requests = [];
  const waiting = [];
  const fetch = (url, init) => {
    requests.push({ url, headers: { ...(init.headers || {}) } });
    const answer = answers.shift();
    if (answer) {
      return typeof answer === 'function' ? answer() : Promise.resolve(answer);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  return {
    fetch,
    requests,
    answer(response) {
      const next = waiting.shift();
      if (next) next(response); else answers.push(response);
    },
    refuse() { answers.push(() => Promise.reject(new TypeError('connection refused'))); },
  };
}

/** Timers that fire only when the test says so; the delays asked for are kept. */
function fakeTimers() {
  const pending = [];
  const delays = [];
  return {
    setTimeout(fn, ms) { const t = { fn, ms }; pending.push(t); delays.push(ms); return t; },
    clearTimeout(t) { const i = pending.indexOf(t); if (i >= 0) pending.splice(i, 1); },
    pending,
    delays,
    fireNext() { const t = pending.shift(); assert.ok(t, 'a timer is pending'); t.fn(); },
  };
}

/** Web Locks: one holder per name, the others queued in order; the lock goes when the callback's promise settles. */
function fakeLocks() {
  const queues = new Map();
  return {
    request(name, callback) {
      return new Promise((resolve, reject) => {
        const queue = queues.get(name) || [];
        queues.set(name, queue);
        const grant = async () => {
          try { resolve(await callback({ name })); } catch (e) { reject(e); } finally {
            queue.shift();
            if (queue.length) queue[0]();
          }
        };
        queue.push(grant);
        if (queue.length === 1) grant();
      });
    },
  };
}

async function until(condition, what, ms = 2000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function client(net, timers, extra = {}) {
  return createSseClient({
    filter: { types: 'a,b', project_id: 'p' },
    env: { fetch: net.fetch, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, random: () => 0.5,
      locks: undefined, BroadcastChannel: undefined, ...(extra.env || {}) },
    ...extra,
  });
}

test('ids compare as two numbers, not as text', () => {
  assert.equal(compareIds('9-0', '10-0'), -1);
  assert.equal(compareIds('5-9', '5-10'), -1);
  assert.equal(compareIds('1795587758740-3', '1795587758740-3'), 0);
  assert.equal(compareIds('1795587758741-0', '1795587758740-99'), 1);
  assert.equal(compareIds('x', '1-1'), null);
});

test('backoff: the server retry first, then full jitter under 1 s doubling, capped at 30 s', () => {
  assert.equal(backoffDelay(0, 2500, () => 0.99), 2500);
  for (let attempt = 0; attempt < 40; attempt++) {
    const ceiling = Math.min(BACKOFF_CAP_MS, 1000 * 2 ** attempt);
    assert.equal(backoffDelay(attempt, null, () => 0), 0);
    const top = backoffDelay(attempt, attempt === 0 ? null : 700, () => 0.999999);
    assert.ok(top < ceiling && top >= ceiling * 0.99, `attempt ${attempt}: ${top} within [0, ${ceiling})`);
  }
  assert.ok(backoffDelay(12, null, () => 0.999999) < 30000);
});

test('parser: any chunking and line ending, id-only blocks move the position, comments and bad ids ignored', () => {
  const events = [];
  const positions = [];
  const retries = [];
  const parser = new EventStreamParser({
    onEvent: (e) => events.push(e), onPosition: (p) => positions.push(p), onRetry: (r) => retries.push(r),
  });
  const text = '\uFEFFretry: 1500\r\n: connected\r\n\r\nid: 5-0\n\nevent: x\rid: 6-0\rdata: one\rdata: two\r\r'
      + 'data: plain\n\nid: bad\0id\nevent: y\ndata: {"a":1}\n\nretry: soon\n: heartbeat\n\n';
  for (const chunk of text.match(/[\s\S]{1,3}/g)) parser.push(chunk);
  assert.deepEqual(retries, [1500]);
  assert.deepEqual(events, [
    { type: 'x', data: 'one\ntwo', id: '6-0', position: '6-0' },
    { type: 'message', data: 'plain', id: null, position: '6-0' },
    { type: 'y', data: '{"a":1}', id: null, position: '6-0' },
  ]);
  assert.deepEqual(positions, ['', '5-0', '6-0', '6-0', '6-0', '6-0']);
});

test('the stream URL carries the filter, encoded', () => {
  assert.equal(streamUrl('/api/events', { types: 'a,b', project_id: 'p 1', agent_id: '' }),
    '/api/events?types=a%2Cb&project_id=p%201');
});

test('dispatch: handlers per type, a catch-all for every type, message by default, json parsed', async () => {
  const net = fakeFetch();
  const timers = fakeTimers();
  const stream = liveStream();
  net.answer(stream.response);
  const c = client(net, timers);
  const typed = [];
  const all = [];
  c.on('b', (e) => typed.push(e));
  c.onAny((type, detail) => all.push(type === 'state' ? `state:${detail.state}` : type));
  const streamed = [];
  c.onStream((e) => streamed.push(e.type));
  c.start();
  stream.push('retry: 100\n: connected\n\nid: 1-0\nevent: b\ndata: {"n":1}\n\nid: 1-1\nevent: unheard\ndata: x\n\n'
      + 'id: 1-2\ndata: hi\n\n');
  await until(() => all.includes('message'), 'the message');
  assert.deepEqual(typed, [{ type: 'b', data: '{"n":1}', id: '1-0', json: { n: 1 } }]);
  assert.deepEqual(all, ['state:connecting', 'state:open', 'open', 'b', 'unheard', 'message']);
  assert.deepEqual(streamed, ['b', 'unheard', 'message']);
  assert.equal(c.lastEventId, '1-2');
  assert.equal(net.requests[0].url, '/api/events?types=a%2Cb&project_id=p');
  c.close();
});

test('position: the rendered position goes out first; the opening id line counts; every reconnect sends the last',
  async () => {
    const net = fakeFetch();
    const timers = fakeTimers();
    const first = liveStream();
    net.answer(first.response);
    const c = client(net, timers, { lastEventId: '7-3' });
    c.start();
    await until(() => c.state === 'open', 'open');
    assert.equal(net.requests[0].headers['Last-Event-ID'], '7-3');
    first.push('retry: 2345\n: connected\n\nid: 7-9\n\n');
    await until(() => c.lastEventId === '7-9', 'the opening id');
    first.cut();
    await until(() => c.state === 'reconnecting', 'reconnecting');
    assert.equal(timers.delays.at(-1), 2345, 'the first delay is the server retry');
    const second = liveStream();
    net.answer(second.response);
    timers.fireNext();
    await until(() => net.requests.length === 2, 'the reconnect');
    assert.equal(net.requests[1].headers['Last-Event-ID'], '7-9');
    c.close();
  });

test('failed attempts back off with jitter under the bound, and an open resets it', async () => {
  const net = fakeFetch();
  const timers = fakeTimers();
  net.refuse();
  const c = createSseClient({ env: { fetch: net.fetch, setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout, random: () => 0.999, locks: undefined, BroadcastChannel: undefined } });
  c.start();
  for (let attempt = 1; attempt <= 7; attempt++) {
    await until(() => timers.pending.length === 1, `attempt ${attempt} scheduled`);
    assert.equal(c.state, 'reconnecting');
    const ceiling = Math.min(30000, 1000 * 2 ** (attempt - 1));
    assert.ok(timers.delays.at(-1) < ceiling && timers.delays.at(-1) > 0.9 * ceiling, `${timers.delays.at(-1)}`);
    net.refuse();
    timers.fireNext();
  }
  await until(() => timers.pending.length === 1, 'the last refusal scheduled');
  const stream = liveStream();
  net.answer(stream.response);
  timers.fireNext();
  await until(() => c.state === 'open', 'open');
  stream.end();
  await until(() => timers.pending.length === 1, 'reconnect after the end');
  assert.ok(timers.delays.at(-1) < 1000, 'backoff starts over after an open');
  c.close();
});

test('503 waits at least Retry-After and says at capacity', async () => {
  const net = fakeFetch();
  const timers = fakeTimers();
  net.answer(jsonResponse(503, { error: 'at_capacity', message: 'full' }, { 'Retry-After': '4' }));
  const c = client(net, timers);
  const states = [];
  c.on('state', (s) => states.push(s));
  c.start();
  await until(() => c.state === 'reconnecting', 'reconnecting');
  assert.ok(timers.delays.at(-1) >= 4000);
  assert.equal(states.at(-1).reason, 'at_capacity');
  assert.equal(states.at(-1).message, 'full');
  c.close();
});

for (const status of [400, 401]) {
  test(`${status} stops and reports the body's message`, async () => {
    const net = fakeFetch();
    const timers = fakeTimers();
    net.answer(jsonResponse(status, { error: 'x', message: `why ${status}` }));
    const c = client(net, timers);
    const errors = [];
    c.on('error', (e) => errors.push(e));
    c.start();
    await until(() => c.state === 'closed', 'closed');
    assert.deepEqual(errors, [{ status, message: `why ${status}` }]);
    assert.equal(timers.pending.length, 0);
    assert.equal(net.requests.length, 1);
  });
}

test('resync: a gap is reported, the position moves to its id, events go on', async () => {
  const net = fakeFetch();
  const timers = fakeTimers();
  const stream = liveStream();
  net.answer(stream.response);
  const c = client(net, timers, { lastEventId: '3-0' });
  const gaps = [];
  const resyncs = [];
  c.on('gap', (g) => gaps.push(g));
  c.on('resync', (e) => resyncs.push(e.json.reason));
  c.start();
  stream.push('event: resync\nid: 90-0\ndata: {"reason":"unknown_id","message":"reload"}\n\nid: 91-0\nevent: a\ndata: 1\n\n');
  await until(() => c.lastEventId === '91-0', 'the event after the resync');
  assert.deepEqual(gaps, [{ reason: 'unknown_id', resumeFrom: '90-0', message: 'reload' }]);
  assert.deepEqual(resyncs, ['unknown_id']);
  c.close();
});

test('shutdown: reconnects after retry_ms plus jitter, from the same position', async () => {
  const net = fakeFetch();
  const timers = fakeTimers();
  const stream = liveStream();
  net.answer(stream.response);
  const c = client(net, timers);
  const shown = [];
  c.on('shutdown', (e) => shown.push(e.json.retry_ms));
  c.start();
  stream.push('retry: 100\n\nid: 4-4\nevent: a\ndata: x\n\nevent: shutdown\nretry: 3000\ndata: {"retry_ms":3000}\n\n');
  stream.end();
  await until(() => c.state === 'reconnecting', 'reconnecting');
  assert.deepEqual(shown, [3000]);
  assert.equal(c.stateInfo.reason, 'shutdown');
  assert.equal(timers.delays.at(-1), 3500);
  net.answer(liveStream().response);
  timers.fireNext();
  await until(() => net.requests.length === 2, 'the reconnect');
  assert.equal(net.requests[1].headers['Last-Event-ID'], '4-4');
  c.close();
});

test('hand-over: one tab reads and relays; when it closes the next takes over from the last id, no duplicates',
  async () => {
    const locks = fakeLocks();
    const net = fakeFetch();
    const timers = fakeTimers();
    const env = { fetch: net.fetch, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout,
      random: () => 0.5, locks, BroadcastChannel };
    const first = liveStream();
    net.answer(first.response);
    const tabs = [0, 1, 2].map(() => createSseClient({ filter: { types: 'a' }, lastEventId: '1-0', env }));
    const received = tabs.map(() => []);
    tabs.forEach((tab, i) => tab.on('a', (e) => received[i].push(e.id)));
    tabs.forEach((tab) => tab.start());
    await until(() => tabs[0].state === 'open', 'the leader open');
    assert.deepEqual(tabs.map((t) => t.role), ['leader', 'follower', 'follower']);
    first.push('id: 2-0\nevent: a\ndata: x\n\nid: 2-1\nevent: a\ndata: y\n\n');
    await until(() => received.every((r) => r.length === 2), 'both events in every tab');
    await until(() => tabs[1].state === 'open', 'the relayed state');

    const second = liveStream();
    net.answer(second.response);
    tabs[0].close();
    await until(() => tabs[1].role === 'leader' && net.requests.length === 2, 'the next tab connecting');
    assert.equal(net.requests[1].headers['Last-Event-ID'], '2-1');
    // the replay repeats an event the tabs already showed; it is dropped
    second.push('id: 2-1\nevent: a\ndata: y\n\nid: 2-2\nevent: a\ndata: z\n\n');
    await until(() => received[2].length === 3, 'the new event in the last tab');
    assert.deepEqual(received, [['2-0', '2-1'], ['2-0', '2-1', '2-2'], ['2-0', '2-1', '2-2']]);
    assert.equal(net.requests.length, 2, 'one connection at a time');
    const late = createSseClient({ filter: { types: 'a' }, env }).start();
    await until(() => late.state === 'open', 'a tab opened later learns that the connection is open');
    assert.equal(late.role, 'follower');
    late.close();
    tabs.forEach((t) => t.close());
  });

test('tabs with different filters do not share; without Web Locks each tab connects alone', async () => {
  const locks = fakeLocks();
  const net = fakeFetch();
  const timers = fakeTimers();
  const shared = { fetch: net.fetch, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout,
    random: () => 0.5, BroadcastChannel };
  const a = createSseClient({ filter: { types: 'a' }, env: { ...shared, locks } }).start();
  const b = createSseClient({ filter: { types: 'b' }, env: { ...shared, locks } }).start();
  const c = createSseClient({ filter: { types: 'a' }, env: { ...shared, locks: undefined } }).start();
  const d = createSseClient({ filter: { types: 'a' }, env: { ...shared, locks: undefined } }).start();
  await until(() => net.requests.length === 4, 'four connections');
  assert.deepEqual([a.role, b.role, c.role, d.role], ['leader', 'leader', 'solo', 'solo']);
  [a, b, c, d].forEach((x) => x.close());
});

test('the EventSource facade hands htmx the shared events and never closes the client', async () => {
  const net = fakeFetch();
  const timers = fakeTimers();
  const stream = liveStream();
  net.answer(stream.response);
  const c = client(net, timers);
  const source = eventSourceFacade(c);
  const heard = [];
  const listener = (e) => heard.push([e.type, e.data, e.lastEventId]);
  source.addEventListener('b', listener);
  let opened = 0;
  source.onopen = () => opened++;
  assert.equal(source.readyState, 0);
  c.start();
  stream.push('id: 1-0\nevent: b\ndata: q\n\n');
  await until(() => heard.length === 1, 'the event');
  assert.equal(source.readyState, 1);
  assert.equal(opened, 1);
  assert.deepEqual(heard, [['b', 'q', '1-0']]);
  source.close();
  stream.push('id: 1-1\nevent: b\ndata: r\n\n');
  await until(() => c.lastEventId === '1-1', 'the next event');
  assert.equal(heard.length, 1);
  assert.equal(c.state, 'open');
  c.close();
});
