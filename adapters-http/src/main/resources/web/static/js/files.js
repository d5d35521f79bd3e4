/**
 * The File Explorer (/files?path=DIR): browse folders inside the roots, select items, then copy,
 * move, delete, compress or extract them; each action starts a job with a live card, and the
 * listing is refreshed when the job ends.
 *
 * @module files
 */

import { createJob } from './jobs_client.js';
import {
  baseName, confirmDialog, field, FolderBrowser, formValues, h, joinPath, JobWatcher, openDialog, pickFolder,
  showError,
} from './page.js';

const CONFLICTS = [
  ['rename', 'Rename (keep both)'],
  ['skip', 'Skip (keep the existing one)'],
  ['overwrite', 'Replace the existing one'],
  ['fail', 'Stop (change nothing)'],
];
const FORMATS = [
  ['zip', 'zip'], ['tar.gz', 'tar.gz'], ['tar.xz', 'tar.xz'], ['tar.bz2', 'tar.bz2'], ['7z', '7z'], ['tar', 'tar'],
];
const EXTENSIONS = /\.(zip|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2?|7z|tar)$/i;

const watcher = new JobWatcher().start();
const buttons = {
  copy: document.getElementById('copy'),
  move: document.getElementById('move'),
  compress: document.getElementById('compress'),
  extract: document.getElementById('extract'),
  remove: document.getElementById('delete'),
};
const selectAll = document.getElementById('select-all');
const showHidden = document.getElementById('show-hidden');
const summary = document.getElementById('selection');
const heading = document.getElementById('folder-name');

const browser = new FolderBrowser({
  list: document.getElementById('listing'),
  crumbs: document.getElementById('crumbs'),
  selectable: 'all',
  fileHref: (entry) => (entry.is_archive ? `/archives?path=${encodeURIComponent(entry.path)}` : null),
  onNavigate: (listing) => {
    remember(listing.path);
    heading.textContent = baseName(listing.path);
    document.title = `${baseName(listing.path)} · Files · Job Registry`;
    updateToolbar();
  },
  onSelectionChange: updateToolbar,
});

let historyReady = false;

/** Keeps the folder in the address, so reload and Back work. */
function remember(path) {
  const url = `/files?path=${encodeURIComponent(path)}`;
  const current = new URLSearchParams(window.location.search).get('path');
  if (!historyReady) {
    window.history.replaceState({ path }, '', url);
    historyReady = true;
  } else if (current !== path) {
    window.history.pushState({ path }, '', url);
  }
}

function updateToolbar() {
  const selected = browser.selectedEntries();
  const count = selected.length;
  buttons.copy.disabled = count === 0;
  buttons.move.disabled = count === 0;
  buttons.remove.disabled = count === 0;
  buttons.compress.disabled = count === 0;
  buttons.extract.disabled = count === 0 || !selected.every((entry) => entry.is_archive);
  summary.textContent = count === 0 ? 'Select items to act on them.' : `${count} selected`;
  const selectable = browser.listing ? browser.visibleEntries().length : 0;
  selectAll.checked = count > 0 && count === selectable;
  selectAll.indeterminate = count > 0 && count < selectable;
}

function describe(paths) {
  return paths.length === 1 ? baseName(paths[0]) : `${paths.length} items`;
}

/** Starts a job and follows it with a card; the listing is refreshed when it ends. */
async function start(type, params, title) {
  try {
    const job = await createJob(type, params);
    watcher.watch(job, { title, onEnd: () => browser.refresh() });
    browser.selectAll(false);
    return job;
  } catch (error) {
    showError(error, `Cannot start: ${title}`);
    return null;
  }
}

async function transfer(type, verb) {
  const sources = browser.selectedPaths();
  const choice = await pickFolder({
    title: `${verb} ${describe(sources)} to…`,
    start: browser.listing.path,
    confirmLabel: `${verb} here`,
    fields: [{ name: 'conflict', label: 'When a name is already taken', type: 'select', options: CONFLICTS, value: 'rename' }],
  });
  if (choice) {
    await start(type, { sources, destination: choice.path, options: { conflict: choice.values.conflict } },
      `${verb} ${describe(sources)} to ${baseName(choice.path)}`);
  }
}

buttons.copy.addEventListener('click', () => transfer('bulk_copy', 'Copy'));
buttons.move.addEventListener('click', () => transfer('bulk_move', 'Move'));

buttons.remove.addEventListener('click', async () => {
  const paths = browser.selectedPaths();
  const confirmed = await confirmDialog({
    title: `Delete ${describe(paths)}?`,
    message: 'Deleted files and folders cannot be brought back.',
    items: paths.map(baseName),
    confirmLabel: 'Delete',
    danger: true,
  });
  if (confirmed) {
    await start('bulk_delete', { paths }, `Delete ${describe(paths)}`);
  }
});

buttons.compress.addEventListener('click', async () => {
  const sources = browser.selectedPaths();
  const folder = browser.listing.path;
  const stem = sources.length === 1 ? baseName(sources[0]).replace(EXTENSIONS, '') : baseName(folder);
  const name = field({ name: 'name', label: 'Archive name', value: `${stem}.zip` });
  const format = field({ name: 'format', label: 'Format', type: 'select', options: FORMATS, value: 'zip' });
  format.querySelector('select').addEventListener('change', (event) => {
    const input = name.querySelector('input');
    input.value = `${input.value.replace(EXTENSIONS, '')}.${event.target.value}`;
  });
  const values = await openDialog({
    title: `Compress ${describe(sources)}`,
    confirmLabel: 'Create archive',
    body: [name, format, h('p', { class: 'hint', text: `The archive is created in ${folder}.` })],
    collect: (form) => {
      const entered = formValues(form);
      return entered.name.trim() && !entered.name.includes('/') ? entered : undefined;
    },
  });
  if (values) {
    const archive = joinPath(folder, values.name.trim());
    await start('create_archive', { archive_path: archive, sources, options: { format: values.format } },
      `Compress into ${baseName(archive)}`);
  }
});

buttons.extract.addEventListener('click', async () => {
  const archives = browser.selectedEntries().filter((entry) => entry.is_archive);
  const destination = browser.listing.path;
  for (const archive of archives) {
    await start('extract_archive', { archive_path: archive.path, destination }, `Extract ${archive.name}`);
  }
});

selectAll.addEventListener('change', () => browser.selectAll(selectAll.checked));
showHidden.addEventListener('change', () => {
  browser.hidden = showHidden.checked;
  browser.refresh();
});
document.getElementById('refresh').addEventListener('click', () => browser.refresh());
window.addEventListener('popstate', (event) => {
  const path = event.state && event.state.path ? event.state.path
    : new URLSearchParams(window.location.search).get('path');
  browser.open(path);
});

updateToolbar();
browser.open(new URLSearchParams(window.location.search).get('path'));
