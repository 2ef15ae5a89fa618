// The charts as one PNG: each chart's frame (SVG) with its line layer (canvas) and its
// marker labels (SVG) drawn over it, titles above, on white, stacked in page order.
const SCALE = 2;
const TITLE_PX = 24;

async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('font-family', 'system-ui, sans-serif');
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Draws every `.metric-chart` figure inside `root` into one PNG. */
export async function chartsPng(root: HTMLElement): Promise<Blob> {
  const figures = [...root.querySelectorAll<HTMLElement>('.metric-chart')];
  if (figures.length === 0) throw new Error('no charts to export yet');
  const parts = await Promise.all(
    figures.map(async (f) => {
      const svg = f.querySelector<SVGSVGElement>('svg.metric-frame');
      if (!svg) throw new Error('a chart has not been drawn yet');
      const box = svg.getBoundingClientRect();
      return {
        title: f.querySelector('figcaption')?.firstChild?.textContent ?? '',
        frame: await svgImage(svg),
        lines: f.querySelector<HTMLCanvasElement>('canvas.metric-lines'),
        labels: await (async () => {
          const l = f.querySelector<SVGSVGElement>('svg.metric-labels');
          return l ? await svgImage(l) : null;
        })(),
        width: box.width,
        height: box.height,
      };
    }),
  );
  const width = Math.max(...parts.map((p) => p.width));
  const height = parts.reduce((h, p) => h + TITLE_PX + p.height, 0);
  const out = document.createElement('canvas');
  out.width = Math.ceil(width * SCALE);
  out.height = Math.ceil(height * SCALE);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw the image');
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  let y = 0;
  for (const p of parts) {
    ctx.fillStyle = '#1b1b1f';
    ctx.font = '600 16px system-ui, sans-serif';
    ctx.fillText(p.title, 4, y + 17);
    y += TITLE_PX;
    ctx.drawImage(p.frame, 0, y, p.width, p.height);
    if (p.lines) {
      ctx.drawImage(
        p.lines,
        parseFloat(p.lines.style.left) || 0,
        y + (parseFloat(p.lines.style.top) || 0),
        parseFloat(p.lines.style.width) || p.lines.width,
        parseFloat(p.lines.style.height) || p.lines.height,
      );
    }
    if (p.labels) ctx.drawImage(p.labels, 0, y);
    y += p.height;
  }
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('the image could not be made'))), 'image/png'),
  );
}

/** One SVG figure (e.g. the sweep's phase diagram) as a PNG, with a title above it, on white. */
export async function svgPng(svg: SVGSVGElement, title: string): Promise<Blob> {
  const box = svg.getBoundingClientRect();
  const frame = await svgImage(svg);
  const out = document.createElement('canvas');
  out.width = Math.ceil(box.width * SCALE);
  out.height = Math.ceil((box.height + TITLE_PX) * SCALE);
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw the image');
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, box.width, box.height + TITLE_PX);
  ctx.fillStyle = '#1b1b1f';
  ctx.font = '600 14px system-ui, sans-serif';
  ctx.fillText(title, 4, 17);
  ctx.drawImage(frame, 0, TITLE_PX, box.width, box.height);
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('the image could not be made'))), 'image/png'),
  );
}
