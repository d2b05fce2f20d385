/**
 * Colors and fonts from the VS Code theme. VS Code puts its theme colors on <html> as CSS variables and
 * a theme-kind class on <body> (vscode-light, vscode-dark, vscode-high-contrast, vscode-high-contrast-light);
 * both change together when the user switches themes. A static report has neither and follows the OS.
 */

import { color } from 'chart.js/helpers';

export type ThemeKind = 'light' | 'dark' | 'highContrast' | 'highContrastLight';

export interface Theme {
  kind: ThemeKind;
  foreground: string;
  muted: string;
  background: string;
  grid: string;
  axis: string;
  focus: string;
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  fontFamily: string;
  fontSize: number;
  /** One color per run, in the order runs get them. */
  palette: string[];
  /** Lines are drawn this much wider (high contrast). */
  lineScale: number;
}

/** VS Code's chart colors first (they adapt to the theme); then fixed extras for runs 7 to 10. */
const PALETTE_VARS: readonly [string, string, string][] = [
  ['--vscode-charts-blue', '#1a85ff', '#3794ff'],
  ['--vscode-charts-orange', '#d18616', '#d18616'],
  ['--vscode-charts-green', '#388a34', '#89d185'],
  ['--vscode-charts-purple', '#652d90', '#b180d7'],
  ['--vscode-charts-red', '#e51400', '#f14c4c'],
  ['--vscode-charts-yellow', '#bf8803', '#cca700'],
];
const EXTRA = {
  light: ['#0f9d9a', '#c2185b', '#795548', '#5c6bc0'],
  dark: ['#4ec9b0', '#f06292', '#bcaaa4', '#9fa8da'],
};

function kindFromBody(): ThemeKind {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'highContrastLight';
  if (c.contains('vscode-high-contrast')) return 'highContrast';
  if (c.contains('vscode-dark')) return 'dark';
  if (c.contains('vscode-light')) return 'light';
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** `surface`: what the webview sits on (an editor tab, or the side bar for the compact view). */
export function readTheme(surface: 'editor' | 'sideBar' = 'editor'): Theme {
  const kind = kindFromBody();
  const dark = kind === 'dark' || kind === 'highContrast';
  const hc = kind === 'highContrast' || kind === 'highContrastLight';
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', dark ? '#cccccc' : '#3b3b3b'));
  const contrast = v('--vscode-contrastBorder', dark ? '#6fc3df' : '#0f4a85');
  const palette = PALETTE_VARS.map(([name, light, darkColor]) => v(name, dark ? darkColor : light)).concat(
    dark ? EXTRA.dark : EXTRA.light,
  );
  const editorBackground = v('--vscode-editor-background', dark ? '#1f1f1f' : '#ffffff');
  const size = parseFloat(v('--vscode-font-size', '13px'));
  return {
    kind,
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    // Charts paint their own background so exported PNGs look like the panel; it must match what is behind them.
    background: surface === 'sideBar' ? v('--vscode-sideBar-background', editorBackground) : editorBackground,
    // Grid lines whisper; in high contrast they follow the theme's contrast border, as VS Code's own borders do.
    grid: hc ? color(contrast).alpha(0.4).rgbString() : dark ? 'rgba(255, 255, 255, 0.07)' : 'rgba(0, 0, 0, 0.07)',
    axis: hc ? contrast : v('--vscode-panel-border', dark ? '#2b2b2b' : '#e5e5e5'),
    focus: v('--vscode-focusBorder', dark ? '#0078d4' : '#005fb8'),
    tooltipBackground: v(
      '--vscode-editorHoverWidget-background',
      v('--vscode-editorWidget-background', dark ? '#202020' : '#f8f8f8'),
    ),
    tooltipForeground: v('--vscode-editorHoverWidget-foreground', foreground),
    tooltipBorder: hc
      ? contrast
      : v('--vscode-editorHoverWidget-border', v('--vscode-panel-border', dark ? '#454545' : '#c8c8c8')),
    fontFamily: v('--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: Number.isFinite(size) && size > 0 ? size : 13,
    palette,
    lineScale: hc ? 1.5 : 1,
  };
}

/** Calls `onChange` when VS Code switches theme (or, in a report, the OS does). */
export function watchTheme(onChange: () => void): void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', onChange);
}
