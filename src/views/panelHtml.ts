/**
 * The dashboard webview's document. Pure (no DOM, no Node), so the extension host builds it and tests
 * read it. Everything runs under a strict CSP: the one script by nonce, styles only from the extension's
 * own files, images only from there and data: URLs (chart exports); no inline code, no eval.
 */

export interface DashboardHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per document (letters and digits, at least 16). */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/dashboard.css)`. */
  styleUri: string;
  title: string;
  /** The side bar's compact view: drawn so from the start, not as the full dashboard until the host says which. */
  compact?: boolean;
}

/** For text and double-quoted attribute values (a single quote needs no escape there; CSP keywords keep theirs). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function dashboardCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; img-src ${cspSource} data:; style-src ${cspSource}; script-src 'nonce-${nonce}'`;
}

export function dashboardHtml(o: DashboardHtmlOptions): string {
  // Both end up inside the CSP; a quote or semicolon there would add a directive of its own.
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce))
    throw new Error(`dashboardHtml: the nonce must be 16+ letters or digits, got ${JSON.stringify(o.nonce)}`);
  // VS Code's source list may hold several sources and keywords (code-server: `'self' https://*.vscode-cdn.net`);
  // only a semicolon or a line break could start another directive.
  if (/[;\r\n"<>]/.test(o.cspSource) || o.cspSource.trim() === '')
    throw new Error(`dashboardHtml: unexpected cspSource ${JSON.stringify(o.cspSource)}`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(dashboardCsp(o.cspSource.trim(), o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<main id="losslab-app"${o.compact ? ' data-compact' : ''}></main>
<script nonce="${o.nonce}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
