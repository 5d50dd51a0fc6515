// The headspace-sse stream client: reads GET /api/events with fetch and a WHATWG event-stream parser, keeps its
// position, reconnects with backoff, and lets the tabs of one browser that share a filter share one connection.
//
// EventSource is not used because it cannot hear event types it was not told about, does not report the opening
// `id:` line, hides the HTTP status (a 503's Retry-After, a 400's message) and cannot send Last-Event-ID when the
// page opens a connection itself. Everything the client touches of its surroundings (fetch, timers, random, Web
// Locks, BroadcastChannel) can be handed in, so the logic is tested against fakes.

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 30000;
export const SHUTDOWN_JITTER_MS = 1000;

const LOCK_PREFIX = 'headspace-sse ';

/** An event id `<epoch-millis>-<sequence>` as two numbers, or null when it is not one. */
export function parseId(id) {
  const match = typeof id === 'string' ? /^(\d{1,16})-(\d{1,16})$/.exec(id) : null;
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** Compares two event ids as (millis, sequence); null when either is not an event id. */
export function compareIds(a, b) {
  const left = parseId(a);
  const right = parseId(b);
  if (!left || !right) {
    return null;
  }
  return left[0] !== right[0] ? Math.sign(left[0] - right[0]) : Math.sign(left[1] - right[1]);
}

/**
 * The delay before reconnect attempt `attempt` (0 for the first after a stream that was open): the server's `retry:`
 * when it gave one, else exponential backoff with full jitter, base 1 s, capped at 30 s.
 */
export function backoffDelay(attempt, retryMs, random) {
  if (attempt === 0 && Number.isFinite(retryMs)) {
    return retryMs;
  }
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * The WHATWG event-stream interpretation, fed decoded text in any chunking. Calls `onEvent({type, data, id, position})`
 * for each event with data (`id` is the block's own id field or null, `position` the last event id after it),
 * `onPosition(position)` at every dispatch (an `id:` with no data moves the position and dispatches nothing), and
 * `onRetry(ms)` for a valid `retry:` field.
 */
export class EventStreamParser {
  constructor({ onEvent, onPosition = () => {}, onRetry = () => {} }) {
    this.onEvent = onEvent;
    this.onPosition = onPosition;
    this.onRetry = onRetry;
    this.buffer = '';
    this.skipLineFeed = false;
    this.data = '';
    this.type = '';
    this.blockId = null;
    this.lastEventId = '';
    this.first = true;
  }

  push(text) {
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
      }
    }
    let input = this.buffer + text;
    let start = 0;
    if (this.skipLineFeed && input.startsWith('\n')) {
      start = 1;
    }
    this.skipLineFeed = false;
    for (let i = start; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (c === 10 || c === 13) {
        this.line(input.slice(start, i));
        if (c === 13) {
          if (i + 1 === input.length) {
            this.skipLineFeed = true;
          } else if (input.charCodeAt(i + 1) === 10) {
            i++;
          }
        }
        start = i + 1;
      }
    }
    this.buffer = input.slice(start);
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      this.type = value;
    } else if (field === 'data') {
      this.data += value + '\n';
    } else if (field === 'id') {
      if (!value.includes('\0')) {
        this.blockId = value;
      }
    } else if (field === 'retry') {
      if (/^\d+$/.test(value)) {
        this.onRetry(Number(value));
      }
    }
  }

  dispatch() {
    const blockId = this.blockId;
    if (blockId !== null) {
      this.lastEventId = blockId;
    }
    this.blockId = null;
    this.onPosition(this.lastEventId);
    if (this.data === '') {
      this.type = '';
      return;
    }
    const event = {
      type: this.type || 'message',
      data: this.data.slice(0, -1),
      id: blockId,
      position: this.lastEventId,
    };
    this.data = '';
    this.type = '';
    this.onEvent(event);
  }
}

/** The stream URL for a filter: `types`, `project_id`, `agent_id`, each a comma-separated string or empty. */
export function streamUrl(base, filter = {}) {
  const params = [];
  for (const name of ['types', 'project_id', 'agent_id']) {
    const value = filter[name];
    if (value) {
      params.push(`${name}=${encodeURIComponent(value)}`);
    }
  }
  return params.length ? `${base}${base.includes('?') ? '&' : '?'}${params.join('&')}` : base;
}

/**
 * Creates a client; nothing happens before `start()`.
 *
 * options: `url` (default '/api/events'), `filter` ({types, project_id, agent_id}), `lastEventId` (the position the
 * page's rendered state reflects), `env` (overrides of fetch, setTimeout, clearTimeout, random, locks,
 * BroadcastChannel).
 *
 * Handlers: `on(type, fn)` for an event type of the stream, and for the client's own `open`, `error` (a refusal that
 * stops it: `{status, message}`), `state` (`{state, reason, delayMs, message}` whenever the state or the wait changes),
 * `gap` (a resync); `onAny(fn)` receives every one of them as `(type, detail)`. Stream events arrive as
 * `{type, data, id, json}`, `json` being the parsed data or null.
 */
export function createSseClient(options = {}) {
  const env = {
    fetch: (...args) => globalThis.fetch(...args),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle),
    random: Math.random,
    locks: globalThis.navigator && globalThis.navigator.locks,
    BroadcastChannel: globalThis.BroadcastChannel,
    ...(options.env || {}),
  };
  const base = options.url || '/api/events';
  const filter = options.filter || {};
  const url = streamUrl(base, filter);
  const lockName = LOCK_PREFIX + url;
  const handlers = new Map();
  const anyHandlers = new Set();
  const streamHandlers = new Set();

  let state = 'idle';
  let stateInfo = {};
  let position = options.lastEventId || '';
  let seen = position;
  let retryMs = null;
  let attempt = 0;
  let everOpen = false;
  let shutdownDelay = null;
  let timer = null;
  let abort = null;
  let closed = false;
  let role = 'solo';
  let channel = null;
  let releaseLock = null;

  function emit(type, detail) {
    for (const fn of handlers.get(type) || []) {
      fn(detail);
    }
    for (const fn of anyHandlers) {
      fn(type, detail);
    }
  }

  function setState(next, info = {}) {
    state = next;
    stateInfo = info;
    const detail = { state: next, ...info };
    emit('state', detail);
    relay({ kind: 'state', detail });
  }

  function relay(message) {
    if (role === 'leader' && channel) {
      channel.postMessage(message);
    }
  }

  function advance(id) {
    if (id && (!position || compareIds(id, position) !== -1)) {
      position = id;
    }
  }

  // Tabs and reconnects can hand the same event over twice: an id at or below the newest one delivered is dropped.
  function deliver(event) {
    if (event.id) {
      const order = compareIds(event.id, seen);
      if (order !== null && order <= 0) {
        return;
      }
      seen = event.id;
    }
    advance(event.id);
    let json = null;
    try {
      json = JSON.parse(event.data);
    } catch (ignored) {
      json = null;
    }
    const detail = { type: event.type, data: event.data, id: event.id, json };
    if (event.type === 'resync') {
      emit('gap', { reason: json && json.reason, resumeFrom: event.id, message: json && json.message });
    }
    emit(event.type, detail);
    for (const fn of streamHandlers) {
      fn(detail);
    }
  }

  function onStreamEvent(event) {
    if (event.type === 'shutdown') {
      let retry = retryMs;
      try {
        const parsed = JSON.parse(event.data);
        if (Number.isFinite(parsed.retry_ms)) {
          retry = parsed.retry_ms;
        }
      } catch (ignored) {
        // a shutdown without a readable hint waits the server's retry:
      }
      shutdownDelay = (Number.isFinite(retry) ? retry : BACKOFF_BASE_MS)
          + Math.floor(env.random() * SHUTDOWN_JITTER_MS);
    }
    relay({ kind: 'event', event });
    deliver(event);
  }

  function schedule(delayMs, reason, message) {
    if (closed) {
      return;
    }
    setState('reconnecting', { reason, delayMs, message, until: Date.now() + delayMs });
    timer = env.setTimeout(() => {
      timer = null;
      connect();
    }, delayMs);
  }

  function retryLater(reason, message) {
    const delay = backoffDelay(attempt, retryMs, env.random);
    attempt++;
    schedule(delay, reason, message);
  }

  async function readMessage(response) {
    try {
      const body = await response.json();
      return typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
    } catch (ignored) {
      return `HTTP ${response.status}`;
    }
  }

  async function connect() {
    if (closed) {
      return;
    }
    if (!everOpen && attempt === 0) {
      setState('connecting', {});
    }
    const controller = new AbortController();
    abort = controller;
    const headers = { Accept: 'text/event-stream' };
    if (position) {
      headers['Last-Event-ID'] = position;
    }
    let response;
    try {
      response = await env.fetch(url, { headers, signal: controller.signal, cache: 'no-store' });
    } catch (error) {
      if (!closed) {
        retryLater('unreachable');
      }
      return;
    }
    if (closed) {
      controller.abort();
      return;
    }
    if (response.status === 200) {
      await readStream(response, controller);
      return;
    }
    const message = await readMessage(response);
    if (response.status === 400 || response.status === 401) {
      closed = true;
      setState('closed', { reason: response.status === 401 ? 'unauthorized' : 'bad_request', status: response.status,
        message });
      emit('error', { status: response.status, message });
      return;
    }
    if (response.status === 503) {
      const seconds = Number(response.headers.get('Retry-After'));
      const floor = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
      const delay = Math.max(floor, backoffDelay(attempt, null, env.random));
      attempt++;
      schedule(delay, 'at_capacity', message);
      return;
    }
    retryLater(`http_${response.status}`, message);
  }

  async function readStream(response, controller) {
    attempt = 0;
    everOpen = true;
    shutdownDelay = null;
    setState('open', {});
    emit('open', {});
    const parser = new EventStreamParser({
      onEvent: onStreamEvent,
      onRetry: (ms) => {
        retryMs = ms;
      },
      onPosition: (id) => {
        if (id && id !== position) {
          advance(id);
          relay({ kind: 'position', id });
        }
      },
    });
    parser.lastEventId = position;
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || closed) {
          break;
        }
        parser.push(decoder.decode(value, { stream: true }));
      }
    } catch (ignored) {
      // a cut stream ends like a finished one: reconnect from the position
    }
    controller.abort();
    if (closed) {
      return;
    }
    if (shutdownDelay !== null) {
      schedule(shutdownDelay, 'shutdown');
    } else {
      retryLater('dropped');
    }
  }

  function onRelayed(message) {
    if (message && message.kind === 'hello' && role === 'leader') {
      relay({ kind: 'state', detail: { state, ...stateInfo } });
      return;
    }
    if (role !== 'follower' || !message) {
      return;
    }
    if (message.kind === 'event') {
      deliver(message.event);
      advance(message.event.position);
    } else if (message.kind === 'position') {
      advance(message.id);
    } else if (message.kind === 'state') {
      const { state: relayed, ...info } = message.detail;
      state = relayed;
      stateInfo = info;
      emit('state', { state: relayed, ...info, relayed: true });
    }
  }

  const client = {
    on(type, fn) {
      if (!handlers.has(type)) {
        handlers.set(type, new Set());
      }
      handlers.get(type).add(fn);
      return () => handlers.get(type).delete(fn);
    },
    onAny(fn) {
      anyHandlers.add(fn);
      return () => anyHandlers.delete(fn);
    },
    /** Every event of the stream (and only those: not the client's own open, state, error, gap). */
    onStream(fn) {
      streamHandlers.add(fn);
      return () => streamHandlers.delete(fn);
    },
    get state() {
      return state;
    },
    get stateInfo() {
      return stateInfo;
    },
    get lastEventId() {
      return position;
    },
    /** `solo` (a connection of its own), `leader` (reads the stream for its tabs) or `follower`. */
    get role() {
      return role;
    },
    get url() {
      return url;
    },
    start() {
      if (state !== 'idle') {
        return client;
      }
      if (env.locks && env.BroadcastChannel) {
        role = 'follower';
        channel = new env.BroadcastChannel(lockName);
        channel.onmessage = (message) => onRelayed(message.data);
        setState('connecting', { reason: 'waiting_for_tab' });
        // a tab that opens while another reads the stream asks it how the connection stands
        channel.postMessage({ kind: 'hello' });
        env.locks.request(lockName, () => {
          if (closed) {
            return undefined;
          }
          role = 'leader';
          attempt = 0;
          connect();
          return new Promise((resolve) => {
            releaseLock = resolve;
          });
        }).catch(() => {});
      } else {
        connect();
      }
      return client;
    },
    close() {
      if (closed && state === 'closed') {
        return;
      }
      closed = true;
      if (timer !== null) {
        env.clearTimeout(timer);
        timer = null;
      }
      if (abort) {
        abort.abort();
      }
      setState('closed', { reason: 'closed' });
      if (releaseLock) {
        releaseLock();
        releaseLock = null;
      }
      if (channel) {
        channel.close();
        channel = null;
      }
    },
  };
  return client;
}

/**
 * An EventSource look-alike over a client, for `htmx.createEventSource`: htmx-ext-sse's `sse:<type>` triggers then ride
 * the shared connection and its position instead of opening their own. Closing it detaches htmx, not the client.
 */
export function eventSourceFacade(client) {
  const detach = new Map();
  const source = {
    CONNECTING: 0,
    OPEN: 1,
    CLOSED: 2,
    url: client.url,
    withCredentials: false,
    onopen: null,
    onmessage: null,
    onerror: null,
    get readyState() {
      if (client.state === 'open') {
        return 1;
      }
      return client.state === 'closed' ? 2 : 0;
    },
    addEventListener(type, listener) {
      const key = `${type}\u0000`;
      if (!detach.has(key)) {
        detach.set(key, new Map());
      }
      if (detach.get(key).has(listener)) {
        return;
      }
      detach.get(key).set(listener, client.on(type, (detail) => listener(toMessageEvent(type, detail))));
    },
    removeEventListener(type, listener) {
      const listeners = detach.get(`${type}\u0000`);
      if (listeners && listeners.has(listener)) {
        listeners.get(listener)();
        listeners.delete(listener);
      }
    },
    close() {
      for (const listeners of detach.values()) {
        for (const off of listeners.values()) {
          off();
        }
      }
      detach.clear();
      offOwn.forEach((off) => off());
    },
  };
  const offOwn = [
    client.on('open', () => source.onopen && source.onopen({ type: 'open' })),
    client.on('message', (detail) => source.onmessage && source.onmessage(toMessageEvent('message', detail))),
    client.on('error', () => source.onerror && source.onerror({ type: 'error' })),
  ];
  return source;
}

function toMessageEvent(type, detail) {
  const init = { data: detail.data, lastEventId: detail.id || '' };
  if (typeof MessageEvent === 'function') {
    return new MessageEvent(type, init);
  }
  return { type, ...init };
}
