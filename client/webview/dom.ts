/**
 * Building DOM from data: every text from the scenario goes in through textContent, never as markup,
 * so a process called `<img onerror=…>` is shown as those characters.
 */
export type Attrs = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
    doc: Document,
    tag: K,
    attrs: Attrs = {},
    ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
    const node = doc.createElement(tag);
    setAttrs(node, attrs);
    for (const child of children) node.append(typeof child === 'string' ? doc.createTextNode(child) : child);
    return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(doc: Document, tag: string, attrs: Attrs = {}, ...children: (Node | string)[]): SVGElement {
    const node = doc.createElementNS(SVG_NS, tag) as SVGElement;
    setAttrs(node, attrs);
    for (const child of children) node.append(typeof child === 'string' ? doc.createTextNode(child) : child);
    return node;
}

function setAttrs(node: Element, attrs: Attrs): void {
    for (const [name, value] of Object.entries(attrs)) {
        if (value === undefined || value === false) continue;
        // `style` attributes would need 'unsafe-inline' in the CSP: styling goes through classes
        if (name === 'style') throw new Error('use classes, not style attributes');
        node.setAttribute(name, value === true ? '' : String(value));
    }
}

/** Calls `action` on Enter or Space as well as on click: the element is a button for the keyboard. */
export function onActivate(node: HTMLElement, action: () => void): void {
    node.addEventListener('click', action);
    node.addEventListener('keydown', e => {
        if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            action();
        }
    });
}
