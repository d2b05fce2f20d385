/** Entry point of the optimizer-trajectories bundle (dist/trajectories.js), in its VS Code webview panel. */
import type { TrajectoryHostMessage, TrajectoryWebviewMessage } from '../../src/protocol/trajectories';
import { TrajectoryApp } from './app';

interface VsCodeApi {
  postMessage(message: TrajectoryWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: () => VsCodeApi;

const api = acquireVsCodeApi();
const root = document.getElementById('losslab-app') ?? document.body.appendChild(document.createElement('main'));
const app = new TrajectoryApp(root, api);
window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const type = typeof e.data === 'object' && e.data !== null ? (e.data as { type?: unknown }).type : undefined;
  if (type === 'setup' || type === 'result' || type === 'error') app.receive(e.data as TrajectoryHostMessage);
});
api.postMessage({ type: 'ready' });
