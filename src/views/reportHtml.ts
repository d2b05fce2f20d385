/**
 * A standalone HTML report (`losslab demo --report`): the dashboard bundle and stylesheet inlined, the
 * runs embedded as the host's messages, readable offline in any browser. Pure: no DOM, no Node.
 */
import type { HostToWebview } from '../protocol/webview';
import { escapeHtml } from './panelHtml';

/** The VS Code theme variables the dashboard reads, with VS Code's default light and dark values. */
const THEME_CSS = `
:root {
  --vscode-font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Ubuntu, "Helvetica Neue", sans-serif;
  --vscode-font-size: 13px;
  --vscode-editor-font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  --vscode-editor-background: #ffffff;
  --vscode-editor-foreground: #3b3b3b;
  --vscode-foreground: #3b3b3b;
  --vscode-descriptionForeground: #717171;
  --vscode-panel-border: #e5e5e5;
  --vscode-editorWidget-background: #f8f8f8;
  --vscode-focusBorder: #005fb8;
  --vscode-button-background: #005fb8;
  --vscode-button-foreground: #ffffff;
  --vscode-button-hoverBackground: #0258a8;
  --vscode-button-secondaryBackground: #e5e5e5;
  --vscode-button-secondaryForeground: #3b3b3b;
  --vscode-button-secondaryHoverBackground: #cccccc;
  --vscode-input-background: #ffffff;
  --vscode-input-foreground: #3b3b3b;
  --vscode-input-border: #cecece;
  --vscode-dropdown-background: #ffffff;
  --vscode-dropdown-foreground: #3b3b3b;
  --vscode-dropdown-border: #cecece;
  --vscode-badge-background: #cccccc;
  --vscode-badge-foreground: #3b3b3b;
  --vscode-list-hoverBackground: #f2f2f2;
  --vscode-editor-findMatchHighlightBackground: rgba(234, 92, 0, 0.2);
  --vscode-textLink-foreground: #005fb8;
  --vscode-charts-foreground: #3b3b3b;
  --vscode-charts-lines: rgba(59, 59, 59, 0.5);
  --vscode-charts-red: #e51400;
  --vscode-charts-blue: #1a85ff;
  --vscode-charts-yellow: #bf8803;
  --vscode-charts-orange: #d18616;
  --vscode-charts-green: #388a34;
  --vscode-charts-purple: #652d90;
}
@media (prefers-color-scheme: dark) {
  :root {
    --vscode-editor-background: #1f1f1f;
    --vscode-editor-foreground: #cccccc;
    --vscode-foreground: #cccccc;
    --vscode-descriptionForeground: #9d9d9d;
    --vscode-panel-border: #2b2b2b;
    --vscode-editorWidget-background: #202020;
    --vscode-focusBorder: #0078d4;
    --vscode-button-background: #0078d4;
    --vscode-button-foreground: #ffffff;
    --vscode-button-hoverBackground: #026ec1;
    --vscode-button-secondaryBackground: #313131;
    --vscode-button-secondaryForeground: #cccccc;
    --vscode-button-secondaryHoverBackground: #3c3c3c;
    --vscode-input-background: #313131;
    --vscode-input-foreground: #cccccc;
    --vscode-input-border: #3c3c3c;
    --vscode-dropdown-background: #313131;
    --vscode-dropdown-foreground: #cccccc;
    --vscode-dropdown-border: #3c3c3c;
    --vscode-badge-background: #616161;
    --vscode-badge-foreground: #f8f8f8;
    --vscode-list-hoverBackground: #2a2d2e;
    --vscode-editor-findMatchHighlightBackground: rgba(234, 92, 0, 0.33);
    --vscode-textLink-foreground: #4daafc;
    --vscode-charts-foreground: #cccccc;
    --vscode-charts-lines: rgba(204, 204, 204, 0.5);
    --vscode-charts-red: #f14c4c;
    --vscode-charts-blue: #3794ff;
    --vscode-charts-yellow: #cca700;
    --vscode-charts-orange: #d18616;
    --vscode-charts-green: #89d185;
    --vscode-charts-purple: #b180d7;
  }
}
`;

/** The embedded messages are JSON inside a script element: nothing in them may end it or open a comment there. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/<\/script/gi, (m) => `<\\/${m.slice(2)}`)
    .replace(/<!--/g, '<\\u0021--');
}

/** `preamble`: static HTML shown above the dashboard (the generate runs' quality table). */
export function renderReportHtml(
  messages: readonly HostToWebview[],
  scriptText: string,
  cssText: string,
  preamble = '',
): string {
  const runs = messages.flatMap((m) => (m.type === 'runs' ? m.runs.map((r) => r.name) : []));
  const title = runs.length > 0 ? `Loss Lab report: ${[...new Set(runs)].join(', ')}` : 'Loss Lab report';
  // Inline code cannot contain its own closing tag; `<\/` reads the same in JS strings and CSS.
  const script = scriptText
    .replace(/<\/script/gi, (m) => `<\\/${m.slice(2)}`)
    // The bundle's source map is not shipped with the report.
    .replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n');
  const css = cssText.replace(/<\/style/gi, (m) => `<\\/${m.slice(2)}`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style>${THEME_CSS}</style>
<style>${css}</style>
</head>
<body class="losslab-report">
${preamble}<main id="losslab-app"></main>
<script type="application/json" id="losslab-report">${embedJson(messages)}</script>
<script>${script}</script>
</body>
</html>
`;
}
