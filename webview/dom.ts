/**
 * Building DOM without HTML strings: text always goes in as text. The webview's CSP forbids inline
 * styles in markup, so there is no way to pass `style` here; dynamic values go through CSSOM
 * (`element.style.x = …`), which the CSP allows.
 */

type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (e: HTMLElementEventMap[K]) => void }>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  if (props.title) el.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (k === 'style' || k.startsWith('on'))
      throw new Error(`h(): attribute ${k} is not allowed under the webview's CSP`);
    el.setAttribute(k, v);
  }
  for (const [type, fn] of Object.entries(props.on ?? {})) el.addEventListener(type, fn as EventListener);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A button in VS Code's look; `secondary` for everything but the main action. */
export function button(
  label: string,
  onClick: (e: MouseEvent) => void,
  opts: { secondary?: boolean; title?: string; class?: string } = {},
): HTMLButtonElement {
  const cls = ['ll-button', opts.secondary ? 'll-secondary' : '', opts.class ?? ''].filter(Boolean).join(' ');
  return h('button', { class: cls, text: label, title: opts.title, attrs: { type: 'button' }, on: { click: onClick } });
}

/** Replaces an element's text only when it changed, so a per-second refresh does not disturb selection. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function setPressed(el: HTMLElement, pressed: boolean): void {
  el.setAttribute('aria-pressed', String(pressed));
}
