/**
 * Job Registry client: start, follow, cancel and delete background jobs.
 *
 * A plain ES module (no build step), served at /static/js/jobs_client.js. Every export is also on
 * `window.jobsClient`. Every call resolves with the envelope's `data`, or rejects with an Error whose
 * `message` is the server's `error` sentence (and `code` / `status` the envelope's code and the HTTP
 * status).
 *
 * API token: when the registry runs with `--token`, open a page once as `/?token=TOKEN`. This module
 * moves the token into sessionStorage (this tab only), removes it from the address bar, and sends it
 * as `Authorization: Bearer` on every call; the event stream, which cannot send headers, carries it
 * as the `access_token` query parameter, the only route that accepts it there.
 *
 * @module jobs_client
 */

const TOKEN_KEY = 'jobRegistry.token';
const TERMINAL_STATUSES = new Set(['succeeded', 'failed', 'cancelled']);

adoptTokenFromAddress();

/**
 * Moves `?token=` from the page's address into sessionStorage, so it is neither bookmarked nor shown.
 * An empty `?token=` forgets the stored token.
 */
function adoptTokenFromAddress() {
  if (typeof window === 'undefined' || !window.location || !window.history) {
    return;
  }
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) {
    return;
  }
  setToken(url.searchParams.get('token'));
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

/**
 * The API token this tab sends, if one was given.
 *
 * @returns {string|null} the token, or null
 */
export function getToken() {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

/**
 * Sets (or, with an empty value, forgets) the API token for this tab.
 *
 * @param {string|null} token the token the registry was started with
 */
export function setToken(token) {
  try {
    if (token) {
      window.sessionStorage.setItem(TOKEN_KEY, token);
    } else {
      window.sessionStorage.removeItem(TOKEN_KEY);
    }
  } catch {
    // storage disabled: calls go without a token and the server answers 401 with a sentence
  }
}

/**
 * Whether a job has ended: succeeded, failed or cancelled.
 *
 * @param {{status: string}} job a job
 * @returns {boolean} true when nothing will change the job any more
 */
export function isTerminal(job) {
  return Boolean(job) && TERMINAL_STATUSES.has(job.status);
}

function apiError(message, code, status) {
  const error = new Error(message);
  error.code = code;
  error.status = status;
  return error;
}

/**
 * Calls the registry's API and unwraps the envelope.
 *
 * @param {string} path a path under /api/, with its query
 * @param {{method?: string, body?: *, signal?: AbortSignal}} [options] the method (GET by default),
 *     a JSON body, an abort signal
 * @returns {Promise<*>} the envelope's `data`
 * @throws {Error} with the server's `error` as message, `code` and `status`
 */
export async function apiRequest(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const token = getToken();
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (error && error.name === 'AbortError') {
      throw error;
    }
    throw apiError(`Cannot reach the job registry (${error && error.message ? error.message : error})`,
      'network_error', 0);
  }
  let envelope = null;
  try {
    envelope = await response.json();
  } catch {
    envelope = null;
  }
  if (!envelope || typeof envelope !== 'object' || typeof envelope.ok !== 'boolean') {
    throw apiError(`The job registry answered ${response.status} without a JSON envelope`, 'bad_response',
      response.status);
  }
  if (!envelope.ok) {
    throw apiError(envelope.error || `Request failed with status ${response.status}`, envelope.code,
      response.status);
  }
  return envelope.data;
}

function jobPath(id) {
  return `/api/jobs/${encodeURIComponent(id)}`;
}

/**
 * Starts a job.
 *
 * @param {string} type the job type, such as `noop` or `bulk_copy`
 * @param {object} [params] the job's params
 * @returns {Promise<object>} the accepted job (status `pending`)
 */
export function createJob(type, params = {}) {
  return apiRequest('/api/jobs', { method: 'POST', body: { type, params } });
}

/**
 * Reads one job.
 *
 * @param {string} id the job's id
 * @returns {Promise<object>} the job as it is now
 */
export function fetchJob(id) {
  return apiRequest(jobPath(id));
}

/**
 * Lists jobs, newest first.
 *
 * @param {{status?: string|string[], type?: string, limit?: number}} [query] filters of GET /api/jobs
 * @returns {Promise<object[]>} the jobs
 */
export function fetchJobs(query = {}) {
  const params = new URLSearchParams();
  if (query.status) {
    params.set('status', Array.isArray(query.status) ? query.status.join(',') : query.status);
  }
  if (query.type) {
    params.set('type', query.type);
  }
  if (query.limit) {
    params.set('limit', String(query.limit));
  }
  const search = params.toString();
  return apiRequest(search ? `/api/jobs?${search}` : '/api/jobs');
}

/**
 * Cancels a job: a pending job at once, a running job at its next cancellation check.
 *
 * @param {string} id the job's id
 * @returns {Promise<object>} the job after the request
 */
export function cancelJob(id) {
  return apiRequest(`${jobPath(id)}/cancel`, { method: 'POST' });
}

/**
 * Deletes the record of a finished job.
 *
 * @param {string} id the job's id
 * @returns {Promise<null>} null once deleted
 */
export function deleteJob(id) {
  return apiRequest(jobPath(id), { method: 'DELETE' });
}

/**
 * Polls a fetcher at an interval. Calls never overlap: the next starts `interval` ms after the last
 * one settled.
 *
 * @param {object} [options] the poller's options
 * @param {number} [options.interval=2000] ms between the end of one call and the start of the next
 * @param {function(): Promise<*>} [options.fetcher=fetchJobs] what to call; by default the job list
 * @param {function(*): void} [options.onUpdate] receives each result
 * @param {function(Error): void} [options.onError] receives each failure (polling goes on)
 * @returns {{start: function(): void, stop: function(): void, isRunning: function(): boolean}} the poller
 */
export function createJobPoller({ interval = 2000, fetcher = fetchJobs, onUpdate, onError } = {}) {
  let running = false;
  let generation = 0;
  let timer = null;

  async function tick(current) {
    try {
      const result = await fetcher();
      if (running && current === generation && onUpdate) {
        onUpdate(result);
      }
    } catch (error) {
      if (running && current === generation) {
        if (onError) {
          onError(error);
        } else {
          console.warn('Job poller:', error.message);
        }
      }
    } finally {
      if (running && current === generation) {
        timer = setTimeout(() => tick(current), interval);
      }
    }
  }

  return {
    start() {
      if (running) {
        return;
      }
      running = true;
      generation += 1;
      tick(generation);
    },
    stop() {
      running = false;
      generation += 1;
      clearTimeout(timer);
      timer = null;
    },
    isRunning() {
      return running;
    },
  };
}

/**
 * Follows jobs live over the registry's event stream (GET /api/jobs/events).
 *
 * `onUpdate(jobs, {partial, removed})` first receives a snapshot (`partial: false`: every job, or the
 * one job), then each change (`partial: true`: the changed jobs, and the ids of deleted jobs in
 * `removed`). When the stream cannot be opened or breaks, the stream polls meanwhile (each result
 * arrives as a snapshot) and reconnects with backoff (1 s, 2 s, 4 s ... up to 30 s, with jitter);
 * a reconnected stream starts again with a snapshot.
 *
 * @param {object} [options] the stream's options
 * @param {string} [options.jobId] follow only this job
 * @param {function(object[], {partial: boolean, removed: string[]}): void} [options.onUpdate] receives jobs
 * @param {function(Error): void} [options.onError] receives failures (with the server's message)
 * @param {number} [options.pollInterval=2000] ms between polls while the stream is down
 * @returns {{close: function(): void, isOpen: function(): boolean, isPolling: function(): boolean}} the stream
 */
export function createJobStream({ jobId, onUpdate, onError, pollInterval = 2000 } = {}) {
  const base = jobId ? `/api/jobs/events?job_id=${encodeURIComponent(jobId)}` : '/api/jobs/events';
  let source = null;
  let live = false;
  let closed = false;
  let failures = 0;
  let retryTimer = null;

  const report = (error) => {
    if (onError) {
      onError(error);
    } else {
      console.warn('Job stream:', error.message);
    }
  };

  const poller = createJobPoller({
    interval: pollInterval,
    fetcher: jobId ? () => fetchJob(jobId).then((job) => [job]) : () => fetchJobs(),
    onUpdate: (jobs) => {
      if (!closed && !live && onUpdate) {
        onUpdate(jobs, { partial: false, removed: [] });
      }
    },
    onError: (error) => {
      report(error);
      if (jobId && error.status === 404) {
        close(); // the job does not exist: nothing will ever arrive
      }
    },
  });

  function url() {
    const token = getToken();
    if (!token) {
      return base;
    }
    return `${base}${base.includes('?') ? '&' : '?'}access_token=${encodeURIComponent(token)}`;
  }

  function connect() {
    retryTimer = null;
    if (closed) {
      return;
    }
    if (typeof EventSource === 'undefined') {
      poller.start();
      return;
    }
    const current = new EventSource(url());
    source = current;
    current.onmessage = (event) => {
      if (current !== source || closed) {
        return;
      }
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        report(new Error('The job registry sent an event that is not JSON'));
        return;
      }
      if (!live) {
        live = true;
        failures = 0;
        poller.stop();
      }
      if (onUpdate) {
        onUpdate(Array.isArray(data.jobs) ? data.jobs : [], {
          partial: Boolean(data.partial),
          removed: Array.isArray(data.removed) ? data.removed : [],
        });
      }
    };
    current.onerror = () => {
      if (current !== source) {
        return;
      }
      current.close();
      source = null;
      live = false;
      if (closed) {
        return;
      }
      failures += 1;
      poller.start(); // stays live by polling; its errors carry the server's sentence
      const delay = Math.min(30000, 1000 * 2 ** Math.min(failures - 1, 5)) * (0.75 + Math.random() * 0.5);
      retryTimer = setTimeout(connect, delay);
    };
  }

  /** Lets the connection go (a browser keeps only six per site), keeping the stream able to reconnect. */
  function suspend() {
    clearTimeout(retryTimer);
    retryTimer = null;
    poller.stop();
    if (source) {
      source.close();
      source = null;
    }
    live = false;
  }

  // A page kept in the back/forward cache would hold its stream's connection open; leaving
  // several pages that way exhausts the browser's connections to the registry and stalls the
  // next page. So the stream is let go when the page is hidden, and opened again (with a fresh
  // snapshot) if the page comes back.
  const onPageHide = () => suspend();
  const onPageShow = (event) => {
    if (event.persisted && !closed) {
      failures = 0;
      connect();
    }
  };
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('pageshow', onPageShow);

  function close() {
    closed = true;
    suspend();
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
  }

  connect();
  return {
    close,
    isOpen: () => live,
    isPolling: () => poller.isRunning(),
  };
}

if (typeof window !== 'undefined') {
  window.jobsClient = {
    createJobPoller,
    createJobStream,
    createJob,
    fetchJob,
    fetchJobs,
    cancelJob,
    deleteJob,
    apiRequest,
    isTerminal,
    getToken,
    setToken,
  };
}
