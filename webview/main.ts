/** Entry point of the dashboard bundle (dist/webview.js), in a VS Code webview or a static HTML report. */
import { App } from './app';
import { connect } from './bridge';

const root = document.getElementById('losslab-app') ?? document.body.appendChild(document.createElement('main'));
new App(root, connect(), root.hasAttribute('data-compact'));
