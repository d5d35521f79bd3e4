/**
 * The Archive Manager (/archives?path=ARCHIVE): pick an archive, browse its entries as folders,
 * extract everything or the selected entries to a chosen folder with an overwrite policy, and
 * create an archive from files in a chosen format. Each action starts a job with a live card.
 *
 * @module archives
 */

import { createJob } from './jobs_client.js';
import {
  baseName, field, FolderBrowser, formatBytes, formatTime, formValues, h, joinPath, JobWatcher, listArchive,
  openDialog, parentOf, pickFolder, pickItems, renderCrumbs, showError,
} from './page.js';

const OVERWRITE = [
  ['skip', 'Skip (keep the existing file)'],
  ['rename', 'Rename (keep both)'],
  ['overwrite', 'Replace the existing file'],
];
const FORMATS = [
  ['zip', 'zip'], ['tar.gz', 'tar.gz'], ['tar.xz', 'tar.xz'], ['tar.bz2', 'tar.bz2'], ['7z', '7z'], ['tar', 'tar'],
];
const LEVELS = [['', 'Default'], ['0', '0 (store only, fastest)'], ['1', '1 (fast)'], ['9', '9 (smallest)']];
const EXTENSIONS = /\.(zip|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tbz2?|7z|tar)$/i;

const watcher = new JobWatcher().start();
const chooser = document.getElementById('chooser');
const viewer = document.getElementById('viewer');
const nameHeading = document.getElementById('archive-name');
const meta = document.getElementById('archive-meta');
const warning = document.getElementById('archive-warning');
const entryList = document.getElementById('entries');
const entryCrumbs = document.getElementById('entry-crumbs');
const summary = document.getElementById('selection');
const extractSelected = document.getElementById('extract-selected');
const extractAll = document.getElementById('extract-all');
const pathInput = document.getElementById('archive-path');

const state = { archive: null, tree: null, folder: '', selection: new Set() };

/** Folders of the archive, built from the entries' paths (folders an archive only implies included). */
function buildTree(entries) {
  const root = { name: '', path: '', type: 'directory', children: new Map() };
  for (const entry of entries) {
    if (entry.unsafe || entry.path === '.') {
      continue;
    }
    const names = entry.path.split('/');
    let node = root;
    names.forEach((name, index) => {
      const path = names.slice(0, index + 1).join('/');
      let child = node.children.get(name);
      if (!child) {
        child = { name, path, type: 'directory', size: 0, packed: null, mtime: null, children: new Map() };
        node.children.set(name, child);
      }
      if (index === names.length - 1) {
        Object.assign(child, { type: entry.type, size: entry.size, packed: entry.packed_size, mtime: entry.mtime });
      }
      node = child;
    });
  }
  return root;
}

function nodeAt(path) {
  let node = state.tree;
  for (const name of path.split('/').filter(Boolean)) {
    node = node && node.children.get(name);
  }
  return node || state.tree;
}

function isDirectory(node) {
  return node.type === 'directory';
}

function updateSelection() {
  const count = state.selection.size;
  summary.textContent = count === 0 ? 'Select entries to extract only those.' : `${count} selected`;
  extractSelected.disabled = count === 0;
}

function showFolder(path) {
  state.folder = path;
  const node = nodeAt(path);
  const crumbs = [{ label: state.archive.name, title: state.archive.path, value: '' }];
  let current = '';
  for (const name of path.split('/').filter(Boolean)) {
    current = current ? `${current}/${name}` : name;
    crumbs.push({ label: name, title: current, value: current });
  }
  renderCrumbs(entryCrumbs, crumbs, showFolder);
  const children = [...node.children.values()].sort((a, b) => (isDirectory(b) - isDirectory(a))
    || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  const rows = children.map((child, index) => {
    const id = `entry-${index}`;
    const item = h('li', {
      class: 'entry', data: { type: isDirectory(child) ? 'folder' : child.type === 'symlink' ? 'link' : 'file', path: child.path },
    });
    const box = h('input', {
      type: 'checkbox', id, checked: state.selection.has(child.path),
      attrs: { 'aria-label': `Select ${child.name}` },
      on: {
        change: (event) => {
          if (event.target.checked) {
            state.selection.add(child.path);
          } else {
            state.selection.delete(child.path);
          }
          item.classList.toggle('selected', event.target.checked);
          updateSelection();
        },
      },
    });
    item.classList.toggle('selected', box.checked);
    item.append(h('label', { class: 'select-box', htmlFor: id }, box), h('span', { class: 'entry-icon', attrs: { 'aria-hidden': 'true' } }));
    if (isDirectory(child)) {
      item.append(h('button', { type: 'button', class: 'entry-name', on: { click: () => showFolder(child.path) } },
        h('span', { class: 'visually-hidden', text: 'Folder ' }), child.name));
    } else {
      item.append(h('label', { class: 'entry-name', htmlFor: id, text: child.name }));
    }
    const parts = [];
    if (!isDirectory(child)) {
      parts.push(formatBytes(child.size));
      if (child.packed !== null && child.packed !== undefined && child.type === 'file') {
        parts.push(`${formatBytes(child.packed)} packed`);
      }
    }
    parts.push(formatTime(child.mtime));
    item.append(h('span', { class: 'entry-meta', text: parts.filter(Boolean).join(' · ') }));
    return item;
  });
  if (rows.length === 0) {
    rows.push(h('li', { class: 'entry empty', text: 'This folder of the archive is empty.' }));
  }
  entryList.replaceChildren(...rows);
}

async function openArchive(path) {
  let listing;
  try {
    listing = await listArchive(path);
  } catch (error) {
    showError(error, 'Cannot open the archive');
    showChooser(parentOf(path));
    return;
  }
  state.archive = { path: listing.path, name: baseName(listing.path), format: listing.format };
  state.tree = buildTree(listing.entries);
  state.selection.clear();
  chooser.hidden = true;
  viewer.hidden = false;
  nameHeading.textContent = state.archive.name;
  document.title = `${state.archive.name} · Archives · Job Registry`;
  const files = listing.entries.filter((entry) => entry.type !== 'directory').length;
  meta.textContent = `${listing.format} · ${formatBytes(listing.size)} · ${files} ${files === 1 ? 'file' : 'files'}`
    + ` · in ${parentOf(listing.path)}`;
  const unsafe = listing.entries.filter((entry) => entry.unsafe);
  warning.hidden = unsafe.length === 0 && !listing.truncated;
  warning.textContent = unsafe.length > 0
    ? `This archive has ${unsafe.length} entries that would land outside the destination (such as ${unsafe[0].path});`
      + ' extracting it will be refused.'
    : 'This archive is very large: only its first entries are listed.';
  updateSelection();
  showFolder('');
}

let picker = null;

function showChooser(start) {
  viewer.hidden = true;
  chooser.hidden = false;
  if (!picker) {
    picker = new FolderBrowser({
      list: document.getElementById('pick-list'),
      crumbs: document.getElementById('pick-crumbs'),
      fileFilter: (entry) => entry.is_archive,
      fileHref: (entry) => `/archives?path=${encodeURIComponent(entry.path)}`,
    });
  }
  picker.open(start || null);
}

async function extract(items) {
  const { archive } = state;
  const destination = field({ name: 'destination', label: 'Extract to folder', value: parentOf(archive.path),
    hint: 'Created when it does not exist.' });
  const browse = h('button', { type: 'button', text: 'Browse…' });
  browse.addEventListener('click', async () => {
    const input = destination.querySelector('input');
    const choice = await pickFolder({ title: 'Extract to…', start: input.value || parentOf(archive.path) });
    if (choice) {
      input.value = choice.path;
    }
  });
  const what = items ? `${items.length} selected ${items.length === 1 ? 'entry' : 'entries'}` : 'everything';
  const values = await openDialog({
    title: `Extract ${what} from ${archive.name}`,
    confirmLabel: 'Extract',
    body: [
      destination, browse,
      field({ name: 'overwrite', label: 'When a file already exists', type: 'select', options: OVERWRITE, value: 'skip' }),
      field({ name: 'preserve_paths', label: 'Keep the folders of the archive', type: 'checkbox', value: true }),
    ],
    collect: (form) => {
      const entered = formValues(form);
      return entered.destination.trim() ? entered : undefined;
    },
  });
  if (!values) {
    return;
  }
  const params = {
    archive_path: archive.path,
    destination: values.destination.trim(),
    options: { overwrite: values.overwrite, preserve_paths: values.preserve_paths },
  };
  if (items) {
    params.items = items;
  }
  try {
    const job = await createJob('extract_archive', params);
    watcher.watch(job, { title: `Extract ${what} from ${archive.name}` });
    state.selection.clear();
    updateSelection();
    showFolder(state.folder);
  } catch (error) {
    showError(error, 'Cannot start the extraction');
  }
}

async function createArchive() {
  const sources = [];
  const sourceList = h('ul', { class: 'dialog-items', attrs: { 'aria-label': 'Files to put in the archive' } });
  const start = state.archive ? parentOf(state.archive.path) : null;
  const renderSources = () => {
    sourceList.replaceChildren(...(sources.length ? sources.map((source, index) => h('li', {},
      h('span', { text: source }),
      h('button', {
        type: 'button', class: 'small', text: 'Remove', attrs: { 'aria-label': `Remove ${baseName(source)}` },
        on: { click: () => { sources.splice(index, 1); renderSources(); } },
      }))) : [h('li', { class: 'hint', text: 'No files yet.' })]));
  };
  renderSources();
  const add = h('button', { type: 'button', text: 'Add files…' });
  const folder = field({ name: 'folder', label: 'Create in folder', value: start || '' });
  const name = field({ name: 'name', label: 'Archive name', value: 'archive.zip' });
  const format = field({ name: 'format', label: 'Format', type: 'select', options: FORMATS, value: 'zip' });
  const level = field({ name: 'level', label: 'Compression', type: 'select', options: LEVELS, value: '' });
  add.addEventListener('click', async () => {
    const chosen = await pickItems({ title: 'Add files to the archive', start: folder.querySelector('input').value || start });
    if (chosen) {
      for (const path of chosen) {
        if (!sources.includes(path)) {
          sources.push(path);
        }
      }
      if (!folder.querySelector('input').value && sources.length) {
        folder.querySelector('input').value = parentOf(sources[0]);
      }
      renderSources();
    }
  });
  format.querySelector('select').addEventListener('change', (event) => {
    const input = name.querySelector('input');
    input.value = `${input.value.replace(EXTENSIONS, '')}.${event.target.value}`;
  });
  const values = await openDialog({
    title: 'Create an archive',
    confirmLabel: 'Create',
    body: [h('p', { text: 'Files and folders to include:' }), sourceList, add, folder, name, format, level],
    collect: (form) => {
      const entered = formValues(form);
      if (sources.length === 0) {
        add.focus();
        return undefined;
      }
      return entered.folder.trim() && entered.name.trim() && !entered.name.includes('/') ? entered : undefined;
    },
  });
  if (!values) {
    return;
  }
  const archivePath = joinPath(values.folder.trim(), values.name.trim());
  const options = { format: values.format };
  if (values.level !== '') {
    options.compression_level = Number(values.level);
  }
  try {
    const job = await createJob('create_archive', { archive_path: archivePath, sources: [...sources], options });
    watcher.watch(job, { title: `Create ${baseName(archivePath)}` });
  } catch (error) {
    showError(error, 'Cannot start creating the archive');
  }
}

extractSelected.addEventListener('click', () => extract([...state.selection]));
extractAll.addEventListener('click', () => extract(null));
document.getElementById('create-archive').addEventListener('click', createArchive);
document.getElementById('open-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const path = pathInput.value.trim();
  if (path) {
    window.location.assign(`/archives?path=${encodeURIComponent(path)}`);
  }
});

const requested = new URLSearchParams(window.location.search).get('path');
if (requested) {
  pathInput.value = requested;
  openArchive(requested);
} else {
  showChooser(null);
}
