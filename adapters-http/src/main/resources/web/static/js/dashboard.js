/**
 * The jobs dashboard (/): every job, live over the event stream, newest first; Cancel, Delete,
 * Clear finished, a status filter; a toast when a job ends and a live card per running job.
 *
 * @module dashboard
 */

import { cancelJob, createJob, createJobStream, deleteJob, isTerminal } from './jobs_client.js';
import { dismiss, notify, toast } from './te_ui.js';
import { formValues, h, jobElapsed, showError } from './page.js';

const STATUS_VARIANT = { succeeded: 'success', failed: 'error', cancelled: 'warning' };
const FILTERS = {
  all: () => true,
  active: (job) => !isTerminal(job),
  finished: (job) => isTerminal(job),
};

const list = document.getElementById('jobs');
const empty = document.getElementById('empty');
const filter = document.getElementById('status-filter');
const connection = document.getElementById('connection');
const clearButton = document.getElementById('clear-finished');
const testForm = document.getElementById('test-job');

/** @type {Map<string, object>} every job, by id */
const jobs = new Map();
/** @type {Map<string, {item: HTMLElement, parts: object}>} the rendered rows, by job id */
const rows = new Map();
let loaded = false;

function matches(job) {
  const wanted = filter.value;
  return (FILTERS[wanted] || ((candidate) => candidate.status === wanted))(job);
}

function progressOf(job) {
  const progress = job.progress || {};
  const total = Number(progress.total) || 0;
  const completed = Number(progress.completed) || 0;
  return { total, completed, detail: progress.detail || null };
}

function title(job) {
  return `${job.type} job`;
}

function createRow(job) {
  const type = h('span', { class: 'job-type' });
  const status = h('span', { class: 'badge' });
  const elapsed = h('span', { class: 'job-elapsed', attrs: { title: 'Elapsed time' } });
  const message = h('p', { class: 'job-message' });
  const bar = h('progress', { max: 1 });
  const percent = h('span', { class: 'job-percent' });
  const detail = h('p', { class: 'job-detail' });
  const error = h('p', { class: 'job-error' });
  const cancel = h('button', { type: 'button', class: 'job-cancel', text: 'Cancel' });
  const remove = h('button', { type: 'button', class: 'job-delete', text: 'Delete' });
  const id = h('code', { class: 'job-id' });
  const item = h('li', { class: 'job', data: { jobId: job.id } },
    h('div', { class: 'job-head' }, type, status, elapsed),
    message,
    h('div', { class: 'job-progress' }, bar, percent),
    detail,
    error,
    h('div', { class: 'job-foot' }, id, h('div', { class: 'job-actions' }, cancel, remove)));
  cancel.addEventListener('click', async () => {
    cancel.disabled = true;
    try {
      await cancelJob(job.id);
    } catch (failure) {
      showError(failure, 'Cannot cancel');
      cancel.disabled = false;
    }
  });
  remove.addEventListener('click', async () => {
    remove.disabled = true;
    try {
      await deleteJob(job.id);
      forget(job.id);
    } catch (failure) {
      showError(failure, 'Cannot delete');
      remove.disabled = false;
    }
  });
  return { item, parts: { type, status, elapsed, message, bar, percent, detail, error, cancel, remove, id } };
}

function renderRow(row, job) {
  const { parts, item } = row;
  const label = `${job.type} job ${job.id}`;
  item.dataset.status = job.status;
  item.setAttribute('aria-label', `${job.type}, ${job.status}`);
  parts.type.textContent = job.type;
  parts.status.textContent = job.cancel_requested && !isTerminal(job) ? 'cancelling' : job.status;
  parts.status.className = `badge status-${job.status}`;
  parts.elapsed.textContent = jobElapsed(job);
  parts.message.textContent = job.message || '';
  parts.message.hidden = !job.message;
  const { total, completed, detail } = progressOf(job);
  parts.bar.setAttribute('aria-label', `Progress of ${label}`);
  if (total > 0) {
    parts.bar.max = total;
    parts.bar.value = Math.min(completed, total);
    parts.percent.textContent = `${Math.floor((100 * Math.min(completed, total)) / total)}%`;
  } else if (job.status === 'succeeded') {
    parts.bar.max = 1;
    parts.bar.value = 1;
    parts.percent.textContent = '100%';
  } else if (isTerminal(job)) {
    parts.bar.max = 1;
    parts.bar.value = 0;
    parts.percent.textContent = '';
  } else {
    parts.bar.removeAttribute('value'); // indeterminate until the handler reports
    parts.percent.textContent = '';
  }
  parts.detail.textContent = detail || '';
  parts.detail.hidden = !detail || isTerminal(job);
  parts.error.textContent = job.error || '';
  parts.error.hidden = !job.error;
  parts.id.textContent = job.id;
  parts.cancel.hidden = isTerminal(job);
  parts.cancel.disabled = Boolean(job.cancel_requested);
  parts.cancel.setAttribute('aria-label', `Cancel ${label}`);
  parts.remove.hidden = !isTerminal(job);
  parts.remove.setAttribute('aria-label', `Delete ${label}`);
}

/** Lays the rows out newest first, showing those the filter lets through. */
function layout() {
  const ordered = [...jobs.values()].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1));
  const visible = [];
  for (const job of ordered) {
    let row = rows.get(job.id);
    if (!row) {
      row = createRow(job);
      rows.set(job.id, row);
    }
    renderRow(row, job);
    if (matches(job)) {
      visible.push(row.item);
    }
  }
  // move only what is out of place, so focus and hover survive updates
  visible.forEach((item, index) => {
    if (list.children[index] !== item) {
      list.insertBefore(item, list.children[index] || null);
    }
  });
  while (list.children.length > visible.length) {
    list.lastElementChild.remove();
  }
  empty.hidden = !loaded || visible.length > 0;
  empty.textContent = jobs.size === 0 ? 'No jobs yet.' : 'No jobs match this filter.';
  clearButton.disabled = ![...jobs.values()].some(isTerminal);
}

function forget(id) {
  jobs.delete(id);
  const row = rows.get(id);
  if (row) {
    row.item.remove();
    rows.delete(id);
  }
  dismiss(id);
  layout();
}

/** Keeps a live card for each running job; closes it when the job ends. */
function updateCard(job) {
  if (job.status !== 'running') {
    dismiss(job.id);
    return;
  }
  const { total, completed, detail } = progressOf(job);
  notify({
    id: job.id,
    title: title(job),
    message: job.message || 'Running',
    status: job.cancel_requested ? 'cancelling' : 'running',
    progress: total > 0 ? { completed, total } : { completed },
    meta: detail,
    actions: job.cancel_requested ? [] : [{
      label: 'Cancel',
      onClick: async () => {
        try {
          await cancelJob(job.id);
        } catch (failure) {
          showError(failure, 'Cannot cancel');
        }
      },
    }],
  });
}

function announceEnd(job) {
  const text = job.status === 'failed' ? (job.error || 'failed') : (job.message || job.status);
  toast(`${title(job)} ${job.status}: ${text}`, {
    variant: STATUS_VARIANT[job.status], duration: job.status === 'failed' ? 10000 : 5000,
  });
}

let stream = null;

function onUpdate(changed, { partial, removed }) {
  const live = stream !== null && stream.isOpen();
  connection.textContent = live ? 'Live' : 'Updating every 2 s (live updates reconnecting)';
  connection.dataset.state = live ? 'live' : 'polling';
  if (!partial) {
    const present = new Set(changed.map((job) => job.id));
    for (const id of [...jobs.keys()]) {
      if (!present.has(id)) {
        forget(id);
      }
    }
  }
  for (const job of changed) {
    const before = jobs.get(job.id);
    jobs.set(job.id, job);
    if (loaded && before && !isTerminal(before) && isTerminal(job)) {
      announceEnd(job);
    }
    updateCard(job);
  }
  for (const id of removed) {
    forget(id);
  }
  loaded = true;
  layout();
}

function tickElapsed() {
  for (const job of jobs.values()) {
    if (!isTerminal(job)) {
      const row = rows.get(job.id);
      if (row) {
        row.parts.elapsed.textContent = jobElapsed(job);
      }
    }
  }
}

filter.addEventListener('change', layout);

clearButton.addEventListener('click', async () => {
  const finished = [...jobs.values()].filter(isTerminal);
  clearButton.disabled = true;
  const results = await Promise.allSettled(finished.map((job) => deleteJob(job.id)));
  let failed = 0;
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') {
      forget(finished[index].id);
    } else {
      failed += 1;
      if (failed === 1) {
        showError(result.reason, 'Cannot delete');
      }
    }
  });
  toast(failed ? `Cleared ${finished.length - failed} jobs; ${failed} could not be deleted`
    : `Cleared ${finished.length} finished ${finished.length === 1 ? 'job' : 'jobs'}`,
  { variant: failed ? 'warning' : 'success' });
  layout();
});

testForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const values = formValues(testForm);
  const duration = Number(values.duration);
  try {
    await createJob('noop', { duration: Number.isFinite(duration) ? duration : 0, message: values.message });
  } catch (failure) {
    showError(failure, 'Cannot start the job');
  }
});

stream = createJobStream({
  onUpdate,
  onError: (failure) => {
    connection.textContent = `Reconnecting: ${failure.message}`;
    connection.dataset.state = 'down';
  },
});
setInterval(tickElapsed, 1000);
