/**
 * What the registry's pages share: DOM building without HTML strings, formatting, the folder
 * browser, dialogs, and the live cards of jobs a page started. Built only on jobs_client.js and
 * te_ui.js.
 *
 * @module page
 */

import { apiRequest, cancelJob, createJobStream, isTerminal } from './jobs_client.js';
import { dismiss, notify, toast } from './te_ui.js';

/**
 * Makes an element. Text is always set as text.
 *
 * @param {string} tag the tag name
 * @param {object} [props] `class`, `text`, `attrs` (attributes), `data` (data-*), `on` (event
 *     listeners), and any other property set as is (`type`, `value`, `checked`, `hidden`...)
 * @param {...(Node|string|null)} children child nodes; strings become text
 * @returns {HTMLElement} the element
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'attrs') {
      for (const [name, attribute] of Object.entries(value)) {
        if (attribute !== undefined && attribute !== null && attribute !== false) {
          node.setAttribute(name, attribute === true ? '' : String(attribute));
        }
      }
    } else if (key === 'data') {
      Object.assign(node.dataset, value);
    } else if (key === 'on') {
      for (const [type, listener] of Object.entries(value)) {
        node.addEventListener(type, listener);
      }
    } else {
      node[key] = value;
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

/**
 * A byte count for people: `512 B`, `3.4 KB`, `1.2 GB` (powers of 1024).
 *
 * @param {number} bytes the count
 * @returns {string} the text
 */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined || Number.isNaN(Number(bytes))) {
    return '';
  }
  let value = Number(bytes);
  if (value < 1024) {
    return `${value} B`;
  }
  const units = ['KB', 'MB', 'GB', 'TB', 'PB'];
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/**
 * A time in epoch seconds as a short local date and time.
 *
 * @param {number|null} seconds epoch seconds
 * @returns {string} the text, or '' when unknown
 */
export function formatTime(seconds) {
  if (seconds === null || seconds === undefined) {
    return '';
  }
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A duration: `0:07`, `12:30`, `1:02:03`.
 *
 * @param {number} seconds the duration
 * @returns {string} the text
 */
export function formatDuration(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

/**
 * How long a job has run (or ran, or has waited).
 *
 * @param {object} job a job
 * @param {number} [now] epoch seconds
 * @returns {string} the text
 */
export function jobElapsed(job, now = Date.now() / 1000) {
  if (job.status === 'pending') {
    return `waiting ${formatDuration(now - job.created_at)}`;
  }
  const start = job.started_at ?? job.created_at;
  return formatDuration((job.finished_at ?? now) - start);
}

/**
 * Shows a failed call's message (the server's sentence) as an error toast.
 *
 * @param {Error} error the failure
 * @param {string} [what] what was being done, as a prefix
 */
export function showError(error, what) {
  const message = error && error.message ? error.message : String(error);
  toast(what ? `${what}: ${message}` : message, { variant: 'error', duration: 10000 });
}

/** The last name of a path. */
export function baseName(path) {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  const index = trimmed.lastIndexOf('/');
  return index < 0 ? trimmed : trimmed.slice(index + 1) || '/';
}

/** The folder that holds a path. */
export function parentOf(path) {
  const index = path.replace(/\/+$/, '').lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

/** A folder joined with a name. */
export function joinPath(folder, name) {
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

/**
 * Lists a folder inside the roots (GET /api/files).
 *
 * @param {string|null} path the folder; null for the first root
 * @param {boolean} [hidden] whether to list dot-files
 * @returns {Promise<object>} the listing: path, root, parent, roots, entries, truncated
 */
export function listFolder(path, hidden = false) {
  const params = new URLSearchParams();
  if (path) {
    params.set('path', path);
  }
  if (hidden) {
    params.set('hidden', '1');
  }
  const search = params.toString();
  return apiRequest(search ? `/api/files?${search}` : '/api/files');
}

/**
 * Lists an archive's entries (GET /api/archives/entries).
 *
 * @param {string} path the archive
 * @returns {Promise<object>} the listing: path, format, size, entries, truncated
 */
export function listArchive(path) {
  return apiRequest(`/api/archives/entries?path=${encodeURIComponent(path)}`);
}

/**
 * Fills a breadcrumb trail: the root, then each folder down to the current one.
 *
 * @param {HTMLElement} nav the `<nav>` to fill
 * @param {{label: string, title?: string, value: *}[]} crumbs from the top down; the last is current
 * @param {function(*): void} onOpen called with a crumb's value when it is chosen
 */
export function renderCrumbs(nav, crumbs, onOpen) {
  const list = h('ol', { class: 'crumbs-list' });
  crumbs.forEach((crumb, index) => {
    const last = index === crumbs.length - 1;
    const item = h('li');
    if (last) {
      item.append(h('span', { class: 'crumb current', text: crumb.label, attrs: { 'aria-current': 'location', title: crumb.title } }));
    } else {
      item.append(h('button', {
        type: 'button', class: 'crumb', text: crumb.label,
        attrs: { title: crumb.title, 'aria-label': crumb.title ? `Open ${crumb.title}` : undefined },
        on: { click: () => onOpen(crumb.value) },
      }));
    }
    list.append(item);
  });
  nav.replaceChildren(list);
}

/** The crumbs of a folder inside its root: the root's name, then the folders below it. */
export function folderCrumbs(path, root) {
  const crumbs = [{ label: baseName(root) || root, title: root, value: root }];
  if (path !== root && path.startsWith(root)) {
    let current = root;
    for (const name of path.slice(root.length).split('/').filter(Boolean)) {
      current = joinPath(current, name);
      crumbs.push({ label: name, title: current, value: current });
    }
  }
  return crumbs;
}

let uid = 0;

/**
 * Browses folders inside the roots: breadcrumbs and a list of entries, with optional selection.
 */
export class FolderBrowser {
  /**
   * @param {object} options the browser's options
   * @param {HTMLElement} options.list the `<ul>` to fill
   * @param {HTMLElement} options.crumbs the `<nav>` for breadcrumbs
   * @param {'none'|'files'|'all'} [options.selectable='none'] which entries get a checkbox
   * @param {boolean} [options.showFiles=true] list files, or folders only
   * @param {function(object): boolean} [options.fileFilter] which files to list
   * @param {function(object): void} [options.onNavigate] after a folder is shown, with its listing
   * @param {function(object): (string|null)} [options.fileHref] a link for a file (such as an archive)
   * @param {function(string[]): void} [options.onSelectionChange] with the selected paths
   * @param {boolean} [options.details=true] show sizes and dates
   */
  constructor({ list, crumbs, selectable = 'none', showFiles = true, fileFilter = () => true, onNavigate,
    fileHref, onSelectionChange, details = true }) {
    Object.assign(this, { list, crumbs, selectable, showFiles, fileFilter, onNavigate, fileHref,
      onSelectionChange, details });
    this.hidden = false;
    this.listing = null;
    this.selection = new Set();
    this.loading = null;
  }

  /**
   * Shows a folder.
   *
   * @param {string|null} path the folder; null for the first root
   * @returns {Promise<boolean>} whether it was shown (a failure is shown as an error toast)
   */
  async open(path) {
    const request = listFolder(path, this.hidden);
    this.loading = request;
    this.list.setAttribute('aria-busy', 'true');
    try {
      const listing = await request;
      if (this.loading !== request) {
        return false;
      }
      const samePlace = this.listing && this.listing.path === listing.path;
      this.listing = listing;
      if (!samePlace) {
        this.selection.clear();
      } else {
        const present = new Set(listing.entries.map((entry) => entry.path));
        for (const selected of [...this.selection]) {
          if (!present.has(selected)) {
            this.selection.delete(selected);
          }
        }
      }
      this.render();
      if (this.onNavigate) {
        this.onNavigate(listing);
      }
      return true;
    } catch (error) {
      showError(error, 'Cannot open the folder');
      return false;
    } finally {
      if (this.loading === request) {
        this.list.removeAttribute('aria-busy');
      }
    }
  }

  /** Lists the current folder again. */
  refresh() {
    return this.open(this.listing ? this.listing.path : null);
  }

  /** The selected entries' paths. */
  selectedPaths() {
    return [...this.selection];
  }

  /** The selected entries. */
  selectedEntries() {
    return this.listing ? this.listing.entries.filter((entry) => this.selection.has(entry.path)) : [];
  }

  /** Selects every selectable entry, or none. */
  selectAll(on) {
    this.selection.clear();
    if (on && this.listing) {
      for (const entry of this.visibleEntries()) {
        if (this.canSelect(entry)) {
          this.selection.add(entry.path);
        }
      }
    }
    this.render();
    this.selectionChanged();
  }

  visibleEntries() {
    return this.listing.entries.filter((entry) => isFolder(entry) || (this.showFiles && this.fileFilter(entry)));
  }

  canSelect(entry) {
    return this.selectable === 'all' || (this.selectable === 'files' && !isFolder(entry));
  }

  selectionChanged() {
    if (this.onSelectionChange) {
      this.onSelectionChange(this.selectedPaths());
    }
  }

  render() {
    const { listing } = this;
    renderCrumbs(this.crumbs, folderCrumbs(listing.path, listing.root), (path) => this.open(path));
    const entries = this.visibleEntries();
    const rows = entries.map((entry) => this.row(entry));
    if (rows.length === 0) {
      rows.push(h('li', { class: 'entry empty', text: this.showFiles ? 'This folder is empty.' : 'No folders here.' }));
    }
    if (listing.truncated) {
      rows.push(h('li', { class: 'entry empty', text: 'Only the first entries of this large folder are shown.' }));
    }
    this.list.replaceChildren(...rows);
  }

  row(entry) {
    const folder = isFolder(entry);
    const kind = folder ? 'folder' : entry.is_archive ? 'archive' : entry.type === 'symlink' ? 'link' : 'file';
    const item = h('li', { class: 'entry', data: { type: kind, path: entry.path } });
    if (this.canSelect(entry)) {
      const id = `select-${++uid}`;
      const box = h('input', {
        type: 'checkbox', id, checked: this.selection.has(entry.path),
        attrs: { 'aria-label': `Select ${entry.name}` },
        on: {
          change: (event) => {
            if (event.target.checked) {
              this.selection.add(entry.path);
            } else {
              this.selection.delete(entry.path);
            }
            item.classList.toggle('selected', event.target.checked);
            this.selectionChanged();
          },
        },
      });
      item.append(h('label', { class: 'select-box', htmlFor: id }, box));
      item.classList.toggle('selected', this.selection.has(entry.path));
    }
    item.append(h('span', { class: 'entry-icon', attrs: { 'aria-hidden': 'true' } }));
    let name;
    if (folder) {
      name = h('button', {
        type: 'button', class: 'entry-name', on: { click: () => this.open(entry.path) },
      }, h('span', { class: 'visually-hidden', text: 'Folder ' }), entry.name);
    } else if (this.fileHref && this.fileHref(entry)) {
      name = h('a', { class: 'entry-name', href: this.fileHref(entry), text: entry.name });
    } else if (this.canSelect(entry)) {
      name = h('label', { class: 'entry-name', htmlFor: item.querySelector('input').id, text: entry.name });
    } else {
      name = h('span', { class: 'entry-name', text: entry.name });
    }
    item.append(name);
    if (this.details) {
      const parts = [];
      if (!folder) {
        parts.push(formatBytes(entry.size));
      }
      parts.push(formatTime(entry.mtime));
      item.append(h('span', { class: 'entry-meta', text: parts.filter(Boolean).join(' · ') }));
    }
    return item;
  }
}

/** Whether opening an entry shows a folder (a folder, or a link to one inside the roots). */
export function isFolder(entry) {
  return entry.type === 'directory' || entry.link_target === 'directory';
}

/**
 * Shows a modal dialog and waits for it to close.
 *
 * @param {object} options the dialog's options
 * @param {string} options.title the heading
 * @param {(Node|string)[]} options.body the content
 * @param {string} [options.confirmLabel='OK'] the confirming button's text
 * @param {boolean} [options.danger] style the confirming button as destructive
 * @param {function(HTMLFormElement): (*|undefined)} [options.collect] what the dialog returns on
 *     confirm, from its form (`undefined` keeps it open)
 * @param {function(HTMLDialogElement): void} [options.onOpen] called once it is shown
 * @returns {Promise<*>} the collected value, or null when cancelled
 */
export function openDialog({ title, body, confirmLabel = 'OK', danger = false, collect = () => true, onOpen }) {
  return new Promise((resolve) => {
    const titleId = `dialog-title-${++uid}`;
    const confirm = h('button', { type: 'submit', class: danger ? 'primary danger' : 'primary', text: confirmLabel });
    const cancel = h('button', { type: 'button', text: 'Cancel' });
    const form = h('form', { method: 'dialog', class: 'dialog-form' },
      h('h2', { id: titleId, text: title }),
      h('div', { class: 'dialog-body' }, ...body),
      h('div', { class: 'dialog-buttons' }, cancel, confirm));
    const dialog = h('dialog', { class: 'dialog', attrs: { 'aria-labelledby': titleId } }, form);
    let result = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = collect(form);
      if (value !== undefined) {
        result = value;
        dialog.close();
      }
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    if (onOpen) {
      onOpen(dialog);
    }
  });
}

/**
 * Asks a yes-or-no question.
 *
 * @param {{title: string, message: string, items?: string[], confirmLabel?: string, danger?: boolean}} options
 * @returns {Promise<boolean>} whether the user confirmed
 */
export async function confirmDialog({ title, message, items = [], confirmLabel = 'OK', danger = false }) {
  const shown = items.slice(0, 8).map((item) => h('li', { text: item }));
  if (items.length > shown.length) {
    shown.push(h('li', { text: `and ${items.length - shown.length} more` }));
  }
  const answer = await openDialog({
    title, confirmLabel, danger,
    body: [h('p', { text: message }), shown.length ? h('ul', { class: 'dialog-items' }, ...shown) : null],
  });
  return answer === true;
}

/**
 * A labelled form control for a dialog.
 *
 * @param {{name: string, label: string, type?: string, value?: *, options?: string[][], hint?: string}} field
 *     a `select` (options: [value, label] pairs), `checkbox` or text input
 * @returns {HTMLElement} the control in its label
 */
export function field({ name, label, type = 'text', value = '', options = [], hint }) {
  const id = `field-${++uid}`;
  let control;
  if (type === 'select') {
    control = h('select', { id, name }, ...options.map(([optionValue, optionLabel]) =>
      h('option', { value: optionValue, text: optionLabel, selected: optionValue === value })));
  } else if (type === 'checkbox') {
    control = h('input', { id, name, type: 'checkbox', checked: Boolean(value) });
    return h('div', { class: 'field field-check' }, control, h('label', { htmlFor: id, text: label }));
  } else {
    control = h('input', { id, name, type, value, attrs: { autocomplete: 'off', spellcheck: 'false' } });
  }
  const parts = [h('label', { htmlFor: id, text: label }), control];
  if (hint) {
    parts.push(h('p', { class: 'hint', text: hint }));
  }
  return h('div', { class: 'field' }, ...parts);
}

/** The values of a dialog form's named controls (checkboxes as booleans). */
export function formValues(form) {
  const values = {};
  for (const control of form.elements) {
    if (control.name) {
      values[control.name] = control.type === 'checkbox' ? control.checked : control.value;
    }
  }
  return values;
}

/**
 * Asks for a folder by browsing (folders only) or typing its path.
 *
 * @param {object} options the picker's options
 * @param {string} options.title the heading
 * @param {string|null} options.start the folder shown first
 * @param {string} [options.confirmLabel='Choose this folder'] the confirming button's text
 * @param {object[]} [options.fields] more controls (see {@link field}) returned with the folder
 * @returns {Promise<{path: string, values: object}|null>} the folder and the fields' values, or null
 */
export function pickFolder({ title, start, confirmLabel = 'Choose this folder', fields = [] }) {
  const pathField = field({ name: 'path', label: 'Folder', value: start || '' });
  const crumbs = h('nav', { class: 'crumbs', attrs: { 'aria-label': 'Folder path' } });
  const list = h('ul', { class: 'entries compact', attrs: { 'aria-label': 'Folders' } });
  const browser = new FolderBrowser({
    list, crumbs, showFiles: false, details: false,
    onNavigate: (listing) => {
      pathField.querySelector('input').value = listing.path;
    },
  });
  return openDialog({
    title, confirmLabel,
    body: [pathField, crumbs, list, ...fields.map(field)],
    collect: (form) => {
      const values = formValues(form);
      const path = values.path.trim();
      if (!path) {
        form.elements.path.focus();
        return undefined;
      }
      delete values.path;
      return { path, values };
    },
    onOpen: () => browser.open(start),
  });
}

/**
 * Asks for files and folders by browsing and ticking them (several folders may be visited).
 *
 * @param {{title: string, start: string|null, confirmLabel?: string}} options the picker's options
 * @returns {Promise<string[]|null>} the chosen paths, or null
 */
export function pickItems({ title, start, confirmLabel = 'Add' }) {
  const chosen = new Set();
  const crumbs = h('nav', { class: 'crumbs', attrs: { 'aria-label': 'Folder path' } });
  const list = h('ul', { class: 'entries compact', attrs: { 'aria-label': 'Files and folders' } });
  const summary = h('p', { class: 'hint', attrs: { 'aria-live': 'polite' }, text: 'Nothing chosen yet.' });
  const browser = new FolderBrowser({
    list, crumbs, selectable: 'all', details: false,
    onSelectionChange: () => {
      for (const entry of browser.listing.entries) {
        if (browser.selection.has(entry.path)) {
          chosen.add(entry.path);
        } else {
          chosen.delete(entry.path);
        }
      }
      summary.textContent = chosen.size ? `${chosen.size} chosen.` : 'Nothing chosen yet.';
    },
    onNavigate: () => {
      for (const entry of browser.listing.entries) {
        if (chosen.has(entry.path)) {
          browser.selection.add(entry.path);
        }
      }
      browser.render();
    },
  });
  return openDialog({
    title, confirmLabel, body: [crumbs, list, summary],
    collect: () => (chosen.size ? [...chosen] : undefined),
    onOpen: () => browser.open(start),
  });
}

const STATUS_VARIANT = { succeeded: 'success', failed: 'error', cancelled: 'warning' };

/**
 * Follows the jobs a page started over one event stream (a page keeps one connection, however many
 * jobs it runs), with a live card per job that offers Cancel, and a toast when the job ends.
 */
export class JobWatcher {
  constructor() {
    this.watched = new Map();
    this.latest = new Map();
    this.stream = null;
  }

  /** Opens the event stream. */
  start() {
    this.stream = createJobStream({
      onUpdate: (jobs, { partial, removed }) => this.update(jobs, partial, removed),
      onError: (error) => console.warn('Job updates:', error.message),
    });
    return this;
  }

  /**
   * Shows a live card for a job the page just started, and calls `onEnd` when it ends.
   *
   * @param {object} job the job as POST /api/jobs answered
   * @param {{title: string, onEnd?: function(object): void}} options the card's title and what to do after
   */
  watch(job, { title, onEnd }) {
    const seen = this.latest.get(job.id);
    const newest = seen && (seen.status !== 'pending' || job.status === 'pending') ? seen : job;
    this.watched.set(job.id, { title, onEnd });
    this.show(newest);
  }

  update(jobs, partial, removed) {
    if (!partial) {
      this.latest.clear();
    }
    for (const job of jobs) {
      this.latest.set(job.id, job);
      if (this.watched.has(job.id)) {
        this.show(job);
      }
    }
    for (const id of removed) {
      this.latest.delete(id);
      if (this.watched.has(id)) {
        this.watched.delete(id);
        dismiss(id);
      }
    }
  }

  show(job) {
    const watched = this.watched.get(job.id);
    if (!watched) {
      return;
    }
    if (isTerminal(job)) {
      this.watched.delete(job.id);
      dismiss(job.id);
      const text = job.status === 'failed' ? (job.error || job.message) : (job.message || job.status);
      toast(`${watched.title}: ${text || job.status}`, {
        variant: STATUS_VARIANT[job.status], duration: job.status === 'failed' ? 12000 : 6000,
      });
      if (watched.onEnd) {
        watched.onEnd(job);
      }
      return;
    }
    const progress = job.progress && job.progress.total
      ? { completed: job.progress.completed || 0, total: job.progress.total }
      : { completed: 0 };
    notify({
      id: job.id,
      title: watched.title,
      message: job.message || (job.status === 'pending' ? 'Waiting to start' : 'Starting'),
      status: job.cancel_requested ? 'cancelling' : job.status,
      progress,
      meta: job.progress && job.progress.detail ? job.progress.detail : null,
      actions: job.cancel_requested ? [] : [{
        label: 'Cancel',
        onClick: async () => {
          try {
            await cancelJob(job.id);
          } catch (error) {
            showError(error, 'Cannot cancel');
          }
        },
      }],
    });
  }
}
