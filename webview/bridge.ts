/**
 * The dashboard's one link to the outside: inside VS Code, the webview API; in a static report (a plain
 * HTML file), the messages embedded in the page, and exports downloaded by the browser.
 */
import type { HostToWebview, WebviewToHost } from '../src/protocol/webview';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeApi) | undefined;

export interface Bridge {
  /** Connected to a running extension (run controls work); false in a static report. */
  readonly live: boolean;
  post(message: WebviewToHost): void;
  loadState(): unknown;
  saveState(state: unknown): void;
  /** Series export: the host writes its full record; a report saves what it holds, built on demand. */
  exportData(format: 'csv' | 'json', build: () => string): void;
  exportPng(name: string, dataUrl: string): void;
  listen(handler: (message: HostToWebview) => void): void;
}

/** Every host message type, as a record so that a new one cannot be left out (the compiler asks for it). */
const HOST_TYPES: Record<HostToWebview['type'], true> = {
  runs: true,
  points: true,
  options: true,
  results: true,
  rows: true,
  surface: true,
  interpolation: true,
  generated: true,
  sweep: true,
  lrFind: true,
  schedulePreview: true,
};

function isHostMessage(data: unknown): data is HostToWebview {
  const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(HOST_TYPES, type);
}

function vscodeBridge(api: VsCodeApi): Bridge {
  return {
    live: true,
    post: (m) => api.postMessage(m),
    loadState: () => api.getState(),
    saveState: (s) => api.setState(s),
    exportData: (format) => api.postMessage({ type: 'exportData', format }),
    exportPng: (name, dataUrl) => api.postMessage({ type: 'exportPng', name, dataUrl }),
    listen: (handler) =>
      window.addEventListener('message', (e: MessageEvent<unknown>) => {
        if (isHostMessage(e.data)) handler(e.data);
      }),
  };
}

function download(name: string, href: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

function reportBridge(): Bridge {
  let state: unknown = undefined;
  return {
    live: false,
    post: () => undefined,
    loadState: () => state,
    saveState: (s) => (state = s),
    exportData: (format, build) => {
      const url = URL.createObjectURL(
        new Blob([build()], { type: format === 'csv' ? 'text/csv' : 'application/json' }),
      );
      download(`losslab-series.${format}`, url);
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    exportPng: (name, dataUrl) => download(name, dataUrl),
    listen: (handler) => {
      const el = document.getElementById('losslab-report');
      const parsed: unknown = el?.textContent ? JSON.parse(el.textContent) : [];
      for (const m of Array.isArray(parsed) ? parsed : []) if (isHostMessage(m)) handler(m);
    },
  };
}

export function connect(): Bridge {
  return typeof acquireVsCodeApi === 'function' ? vscodeBridge(acquireVsCodeApi()) : reportBridge();
}
