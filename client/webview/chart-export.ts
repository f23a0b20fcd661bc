/**
 * The comparison chart as a file: SVG with the theme's colours written into fill attributes (the
 * panel's classes mean nothing outside it), or PNG painted on a canvas from the same elements. An
 * <img> of the SVG would be simpler for PNG but needs a blob: or data: image source, which the CSP
 * (img-src: the extension only) rightly refuses.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

export function chartSvg(chart: SVGSVGElement): string {
    const copy = chart.cloneNode(true) as SVGSVGElement;
    const originals = [chart, ...chart.querySelectorAll('*')];
    const copies = [copy, ...copy.querySelectorAll('*')];
    originals.forEach((node, i) => {
        const style = getComputedStyle(node);
        const target = copies[i];
        target.removeAttribute('class');
        if (node.tagName === 'rect' || node.tagName === 'text') target.setAttribute('fill', style.fill);
        if (node.tagName === 'text') {
            target.setAttribute('font-size', style.fontSize);
            target.setAttribute('font-family', style.fontFamily);
        }
        // the sweep chart's lines and markers (sweep-chart.ts)
        if (node.tagName === 'circle') target.setAttribute('fill', style.fill);
        if (node.tagName === 'polyline') {
            target.setAttribute('fill', 'none');
            target.setAttribute('stroke', style.stroke);
            target.setAttribute('stroke-width', style.strokeWidth);
        }
    });
    copy.setAttribute('xmlns', SVG_NS);
    const background = getComputedStyle(document.body).backgroundColor;
    const back = document.createElementNS(SVG_NS, 'rect');
    for (const [k, v] of Object.entries({ x: 0, y: 0, width: '100%', height: '100%', fill: background }))
        back.setAttribute(k, String(v));
    copy.insertBefore(back, copy.firstChild);
    return new XMLSerializer().serializeToString(copy);
}

const num = (node: Element, name: string) => Number(node.getAttribute(name) ?? 0);

export function chartPng(chart: SVGSVGElement, scale = 2): string {
    const width = num(chart, 'width'),
        height = num(chart, 'height');
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const g = canvas.getContext('2d')!;
    g.scale(scale, scale);
    g.fillStyle = getComputedStyle(document.body).backgroundColor;
    g.fillRect(0, 0, width, height);
    for (const node of chart.querySelectorAll('rect, text, polyline, circle')) {
        const style = getComputedStyle(node);
        g.fillStyle = style.fill;
        if (node.tagName === 'polyline') strokePolyline(g, node, style);
        else if (node.tagName === 'circle') {
            g.beginPath();
            g.arc(num(node, 'cx'), num(node, 'cy'), num(node, 'r'), 0, 2 * Math.PI);
            g.fill();
        } else if (node.tagName === 'rect')
            g.fillRect(num(node, 'x'), num(node, 'y'), num(node, 'width'), num(node, 'height'));
        else {
            g.font = `${style.fontSize} ${style.fontFamily}`;
            g.textAlign = node.getAttribute('text-anchor') === 'end' ? 'right' : 'left';
            g.fillText(node.textContent ?? '', num(node, 'x'), num(node, 'y'));
        }
    }
    return canvas.toDataURL('image/png');
}

/** A polyline of the sweep chart, painted: `points="x,y x,y ..."` in its stroke colour. */
function strokePolyline(g: CanvasRenderingContext2D, node: Element, style: CSSStyleDeclaration): void {
    const points = (node.getAttribute('points') ?? '')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(p => p.split(',').map(Number));
    if (points.length === 0) return;
    g.strokeStyle = style.stroke;
    g.lineWidth = Number.parseFloat(style.strokeWidth) || 1;
    g.beginPath();
    points.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
    g.stroke();
}
