// Starts the page's stream client from the #sse-setup element's data attributes, re-emits what it hears as DOM
// events on document, and hands htmx-ext-sse the shared connection: `hx-trigger="sse:<type>"` then rides it and its
// position instead of an EventSource of its own (which would lose the position when it reopens).
//
// DOM events: `sse-event` (every stream event, detail {type, data, id, json}), `sse-event:<type>` (one type),
// and the client's own `sse-state`, `sse-open`, `sse-error`, `sse-gap`.
import { createSseClient, eventSourceFacade } from './sse-client.js';

const setup = document.getElementById('sse-setup');
const client = createSseClient({
  url: setup.dataset.url,
  filter: { types: setup.dataset.types, project_id: setup.dataset.projectId, agent_id: setup.dataset.agentId },
  lastEventId: setup.dataset.lastEventId,
});

client.onStream((detail) => {
  document.dispatchEvent(new CustomEvent('sse-event', { detail }));
  document.dispatchEvent(new CustomEvent(`sse-event:${detail.type}`, { detail }));
});
for (const own of ['state', 'open', 'error', 'gap']) {
  client.on(own, (detail) => document.dispatchEvent(new CustomEvent(`sse-${own}`, { detail })));
}

const source = eventSourceFacade(client);
if (window.htmx) {
  window.htmx.createEventSource = () => source;
}
window.headspaceSse = client;
window.addEventListener('pagehide', () => client.close());
// after every listener above is in place, and before htmx reads the page (module scripts run before DOMContentLoaded)
client.start();
