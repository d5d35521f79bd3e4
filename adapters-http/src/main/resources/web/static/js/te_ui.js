/**
 * Toasts and persistent notification cards, shared by every page.
 *
 * A plain ES module (no build step), served at /static/js/te_ui.js; importing it sets
 * `window.teUI = {toast, notify, dismiss, getActiveNotifications}` and adds its stylesheet
 * (/static/css/te_ui.css) to the page. Every text is put in the page as text, never as HTML.
 *
 * DOM events, dispatched on `document` and bubbling to `window`:
 * - `te-notification-update`, detail `{id, notification, created}`: a card was created or updated;
 * - `te-notification-close`, detail `{id, notification}`: a card was dismissed.
 *
 * @module te_ui
 */

const STYLESHEET = '/static/css/te_ui.css';
const VARIANTS = new Set(['info', 'success', 'warning', 'error']);
const CARD_FIELDS = ['title', 'message', 'progress', 'actions', 'variant', 'status', 'meta', 'onDismiss'];

/** @type {Map<string, {state: object, element: HTMLElement, parts: object, createdAt: number}>} */
const cards = new Map();
let sequence = 0;
let toastRegion = null;
let cardRegion = null;

function variantOf(value) {
  return VARIANTS.has(value) ? value : 'info';
}

function ensureStylesheet() {
  if (document.querySelector('link[data-te-ui]')) {
    return;
  }
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = STYLESHEET;
  link.dataset.teUi = '';
  document.head.append(link);
}

function toasts() {
  ensureStylesheet();
  if (!toastRegion || !toastRegion.isConnected) {
    toastRegion = document.createElement('div');
    toastRegion.className = 'te-toasts';
    toastRegion.setAttribute('aria-live', 'polite');
    document.body.append(toastRegion);
  }
  return toastRegion;
}

function cardList() {
  ensureStylesheet();
  if (!cardRegion || !cardRegion.isConnected) {
    cardRegion = document.createElement('section');
    cardRegion.className = 'te-notifications';
    cardRegion.setAttribute('aria-label', 'Notifications');
    document.body.append(cardRegion);
  }
  return cardRegion;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  return node;
}

function closeButton(label) {
  const button = element('button', 'te-close');
  button.type = 'button';
  button.setAttribute('aria-label', label);
  button.append(element('span', null, '\u00d7'));
  button.firstChild.setAttribute('aria-hidden', 'true');
  return button;
}

/**
 * Shows a short message that goes away by itself.
 *
 * @param {string} message the text
 * @param {object} [options] the toast's options
 * @param {string} [options.variant='info'] `info`, `success`, `warning` or `error` (announced at once)
 * @param {number} [options.duration=4000] ms before it closes; 0 keeps it until closed
 * @param {boolean} [options.persistent=false] keep it until the user closes it
 * @param {function(): void} [options.onClose] called once when it closes
 * @returns {{id: string, close: function(): void}} a handle to close it early
 */
export function toast(message, { variant = 'info', duration = 4000, persistent = false, onClose } = {}) {
  const kind = variantOf(variant);
  const id = `te-toast-${++sequence}`;
  const node = element('div', `te-toast te-${kind}`);
  node.id = id;
  node.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  node.append(element('p', 'te-toast-text', message));
  const button = closeButton('Close message');
  node.append(button);
  let timer = null;
  let closed = false;
  const close = () => {
    if (closed) {
      return;
    }
    closed = true;
    clearTimeout(timer);
    node.remove();
    if (onClose) {
      onClose();
    }
  };
  button.addEventListener('click', close);
  toasts().append(node);
  if (!persistent && duration > 0) {
    timer = setTimeout(close, duration);
  }
  return { id, close };
}

function snapshot(card) {
  const { state } = card;
  return {
    id: state.id,
    title: state.title ?? null,
    message: state.message ?? null,
    progress: state.progress ? { ...state.progress } : null,
    variant: variantOf(state.variant),
    status: state.status ?? null,
    meta: state.meta ?? null,
    actions: (state.actions || []).map((action) => ({ label: action.label })),
    createdAt: card.createdAt,
    updatedAt: state.updatedAt,
  };
}

function dispatch(type, detail) {
  document.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
}

function createCard(id) {
  const node = element('article', 'te-card');
  node.dataset.notificationId = id;
  const head = element('div', 'te-card-head');
  const title = element('h2', 'te-card-title');
  const status = element('span', 'te-card-status');
  const close = closeButton('Dismiss notification');
  head.append(title, status, close);
  const message = element('p', 'te-card-message');
  const progressRow = element('div', 'te-card-progress');
  const bar = document.createElement('progress');
  const progressText = element('span', 'te-card-progress-text');
  progressRow.append(bar, progressText);
  const meta = element('p', 'te-card-meta');
  const actions = element('div', 'te-card-actions');
  node.append(head, message, progressRow, meta, actions);
  close.addEventListener('click', () => dismiss(id));
  cardList().prepend(node);
  return { element: node, parts: { title, status, close, message, progressRow, bar, progressText, meta, actions } };
}

function percent(completed, total) {
  return total > 0 ? Math.max(0, Math.min(100, Math.floor((100 * completed) / total))) : null;
}

function render(card) {
  const { state, parts, element: node } = card;
  const title = state.title ?? 'Notification';
  node.className = `te-card te-${variantOf(state.variant)}`;
  node.setAttribute('aria-label', title);
  parts.title.textContent = title;
  parts.close.setAttribute('aria-label', `Dismiss ${title}`);
  parts.status.textContent = state.status ?? '';
  parts.status.hidden = !state.status;
  parts.message.textContent = state.message ?? '';
  parts.message.hidden = !state.message;
  parts.meta.textContent = state.meta ?? '';
  parts.meta.hidden = !state.meta;

  const progress = state.progress;
  parts.progressRow.hidden = !progress;
  if (progress) {
    const completed = Number(progress.completed) || 0;
    const total = Number(progress.total) || 0;
    parts.bar.setAttribute('aria-label', `${title} progress`);
    if (total > 0) {
      parts.bar.max = total;
      parts.bar.value = Math.min(completed, total);
      parts.progressText.textContent = `${percent(completed, total)}%`;
    } else {
      parts.bar.removeAttribute('value'); // indeterminate
      parts.progressText.textContent = completed > 0 ? String(completed) : '';
    }
  }

  const actions = Array.isArray(state.actions) ? state.actions : [];
  const labels = actions.map((action) => String(action.label));
  if (labels.join('\u0000') !== card.renderedLabels) {
    card.renderedLabels = labels.join('\u0000');
    parts.actions.replaceChildren(...labels.map((label, index) => {
      const button = element('button', 'te-action', label);
      button.type = 'button';
      button.addEventListener('click', (event) => {
        const action = (card.state.actions || [])[index];
        if (action && typeof action.onClick === 'function') {
          action.onClick(event, snapshot(card));
        }
      });
      return button;
    }));
  }
  parts.actions.hidden = labels.length === 0;
}

/**
 * Creates a persistent card, or updates the card with the same `id` in place. Fields left out (or
 * `undefined`) keep their value; `null` clears one (`progress: null` removes the bar).
 *
 * @param {object} options the card's fields
 * @param {string} [options.id] the card's id; a new one is made when absent
 * @param {string} [options.title] the heading
 * @param {string} [options.message] the text
 * @param {{completed?: number, total?: number}} [options.progress] a progress bar (no total: indeterminate)
 * @param {{label: string, onClick: function(Event, object): void}[]} [options.actions] buttons
 * @param {string} [options.variant] `info`, `success`, `warning` or `error`
 * @param {string} [options.status] a short status word shown beside the title
 * @param {string} [options.meta] a small line under the text
 * @param {function(object): void} [options.onDismiss] called when the card is dismissed
 * @returns {string} the card's id
 */
export function notify(options = {}) {
  const id = options.id !== undefined && options.id !== null ? String(options.id) : `te-notification-${++sequence}`;
  let card = cards.get(id);
  const created = !card;
  if (created) {
    card = { ...createCard(id), state: { id }, createdAt: Date.now(), order: ++sequence, renderedLabels: null };
    cards.set(id, card);
  }
  for (const field of CARD_FIELDS) {
    if (options[field] !== undefined) {
      card.state[field] = options[field];
    }
  }
  card.state.updatedAt = Date.now();
  render(card);
  dispatch('te-notification-update', { id, notification: snapshot(card), created });
  return id;
}

/**
 * Removes a card and calls its `onDismiss`.
 *
 * @param {string} id the card's id
 * @returns {boolean} whether there was such a card
 */
export function dismiss(id) {
  const key = String(id);
  const card = cards.get(key);
  if (!card) {
    return false;
  }
  cards.delete(key);
  card.element.remove();
  const notification = snapshot(card);
  if (typeof card.state.onDismiss === 'function') {
    card.state.onDismiss(notification);
  }
  dispatch('te-notification-close', { id: key, notification });
  return true;
}

/**
 * The cards on screen, newest first, as plain data (action handlers left out), for pages that
 * want to keep them across reloads.
 *
 * @returns {object[]} one object per card: id, title, message, progress, variant, status, meta,
 *     actions (labels), createdAt, updatedAt
 */
export function getActiveNotifications() {
  return Array.from(cards.values()).sort((a, b) => b.order - a.order).map(snapshot);
}

if (typeof window !== 'undefined') {
  window.teUI = { toast, notify, dismiss, getActiveNotifications };
}
