// The two HTTP APIs as the console uses them: the projection's (same origin) and the command service's (across
// origins, allowed by its http.cors.origins). Every error is problem+json; explain() puts it in words.

const tokenInput = () => document.getElementById('token');

function authHeaders() {
  const token = tokenInput().value.trim();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** A problem+json answer as an Error that carries it. */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(explain(status, problem));
    this.status = status;
    this.problem = problem;
  }
}

async function answer(response) {
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    throw new ProblemError(response.status, typeof body === 'object' ? body : { detail: body });
  }
  return body;
}

/** GET on the projection service; null for a 404 when allowMissing. */
export async function query(path, { allowMissing = false } = {}) {
  const response = await fetch(path, { headers: { Accept: 'application/json', ...authHeaders() } });
  if (allowMissing && response.status === 404) {
    return null;
  }
  return answer(response);
}

/**
 * POST to the command service. ifMatch: the version the user saw (sent as If-Match "n"); key: the
 * Idempotency-Key, the same one again when the user retries a request whose outcome was unknown.
 */
export async function command(base, path, body, { ifMatch, key }) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': key,
    ...authHeaders() };
  if (ifMatch !== undefined && ifMatch !== null) {
    headers['If-Match'] = `"${ifMatch}"`;
  }
  let response;
  try {
    response = await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch (e) {
    throw new ProblemError(0, { type: 'network', detail: `${base} did not answer (${e.message})` });
  }
  return answer(response);
}

const WORDS = {
  'insufficient-funds': () => 'Refused: the account has not got enough money for this.',
  'account-closed': () => 'Refused: the account is closed.',
  'non-zero-balance': () => 'Refused: only an account with a zero balance can be closed.',
  'account-exists': () => 'Refused: an account with this id exists already.',
  'account-not-found': () => 'There is no such account.',
  'transfer-not-found': () => 'There is no such transfer (yet).',
  'version-conflict': (p) => 'Someone changed the account meanwhile'
      + (p.currentVersion ? ` (it is at version ${p.currentVersion} now)` : '')
      + ': the page shows the new state; check it and send again.',
  'idempotency-key-reused': () => 'This Idempotency-Key was used for another request.',
  'invalid-request': () => 'The request is not valid.',
  'unauthorized': () => 'A token is needed: paste a valid one in the header.',
  'forbidden': () => 'The token may not do this (it lacks the scope).',
  'outcome-unknown': () => 'The outcome is not known yet: sending the same request again (same key) is safe.',
  'overloaded': () => 'The command service is busy: try again in a moment.',
  'kafka-unavailable': () => 'The command service cannot reach Kafka right now: try again in a moment.',
  'projection-unavailable': () => 'The projection cannot answer right now (it is starting or rebalancing).',
  'position-not-reached': () => 'The projection has not caught up with the change yet: reload in a moment.',
  'not-open-at-instant': () => 'The account was not open yet at that instant.',
  'not-open-in-year': () => 'The account was not open in that year.',
  'network': () => 'The service did not answer.',
};

/** A problem in words: what happened, then the service's own detail. */
export function explain(status, problem) {
  const kind = (problem.type || '').replace('urn:kes:problem:', '');
  const words = WORDS[kind] ? WORDS[kind](problem) : (problem.title || `HTTP ${status}`);
  const detail = problem.detail ? ` (${problem.detail})` : '';
  return status ? `${status}: ${words}${detail}` : `${words}${detail}`;
}

/** Reads a Server-Sent Events stream with fetch (an EventSource cannot send the Authorization header). */
export async function stream(path, onOpen, onEvent) {
  const response = await fetch(path, { headers: { Accept: 'text/event-stream', ...authHeaders() } });
  if (!response.ok) {
    await answer(response);
  }
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { data: '' };
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0) {
          continue; // a comment (keep-alive)
        }
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') {
          event.data += (event.data ? '\n' : '') + text;
        } else if (field === 'event' || field === 'id') {
          event[field] = text;
        }
      }
      if (event.data) {
        onEvent(event);
      }
    }
  }
}
