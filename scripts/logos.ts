// Draws the app's logos and icons from one geometry: assets/logo.png, assets/logo-small.png, assets/icon_top_bar.svg,
// assets/icon_nav_bar.svg
// (with one <symbol> per state the icon shows).
//
// Usage: npx tsx scripts/logos.ts [--outdir assets]
// The glyph: two status dots, each sending an arrow to the other side ("statuses kept in step"). Original artwork,
// no product marks. Sizes per zaf.md §1: logo.png 320×320 with no rounded corners (opaque), logo-small.png 128×128
// with transparency. Rendered with 4×4 supersampling so edges are anti-aliased; deterministic, so re-running it
// reproduces the committed pixels (tests/app/logos.test.ts checks that).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodePng } from './png';

type Rgba = readonly [number, number, number, number];
type Point = readonly [number, number];

const TEAL: Rgba = [23, 73, 77, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const MINT: Rgba = [94, 188, 139, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** The glyph in unit coordinates (0..1, y down): one dot and one arrow per direction. */
const GLYPH = {
  dots: [
    { c: [0.23, 0.36] as Point, r: 0.09 },
    { c: [0.77, 0.64] as Point, r: 0.09 },
  ],
  // Shafts run from a dot to the base of the arrowhead; heads are triangles [tip, corner, corner].
  shafts: [
    { a: [0.3, 0.36] as Point, b: [0.7, 0.36] as Point, halfWidth: 0.035 },
    { a: [0.7, 0.64] as Point, b: [0.3, 0.64] as Point, halfWidth: 0.035 },
  ],
  heads: [
    [
      [0.84, 0.36],
      [0.68, 0.27],
      [0.68, 0.45],
    ] as Point[],
    [
      [0.16, 0.64],
      [0.32, 0.55],
      [0.32, 0.73],
    ] as Point[],
  ],
};

function inCircle([x, y]: Point, c: Point, r: number): boolean {
  return (x - c[0]) ** 2 + (y - c[1]) ** 2 <= r * r;
}

function inCapsule([x, y]: Point, a: Point, b: Point, halfWidth: number): boolean {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return (x - a[0] - t * dx) ** 2 + (y - a[1] - t * dy) ** 2 <= halfWidth * halfWidth;
}

function inTriangle(p: Point, [a, b, c]: Point[]): boolean {
  const side = (u: Point, v: Point) => (v[0] - u[0]) * (p[1] - u[1]) - (v[1] - u[1]) * (p[0] - u[0]);
  const [s1, s2, s3] = [side(a!, b!), side(b!, c!), side(c!, a!)];
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

/** The colour at one point of the glyph: dots over arrows over background. */
function colourAt(p: Point, arrow: Rgba, dot: Rgba, background: Rgba): Rgba {
  if (GLYPH.dots.some((d) => inCircle(p, d.c, d.r))) return dot;
  if (GLYPH.shafts.some((s) => inCapsule(p, s.a, s.b, s.halfWidth)) || GLYPH.heads.some((h) => inTriangle(p, h))) return arrow;
  return background;
}

/** Renders the glyph at `size`×`size` RGBA, averaging 4×4 samples per pixel with premultiplied alpha. */
export function renderGlyph(size: number, colours: { arrow: Rgba; dot: Rgba; background: Rgba }): Uint8Array {
  const n = 4;
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const c = colourAt([(px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size], colours.arrow, colours.dot, colours.background);
          r += c[0] * c[3];
          g += c[1] * c[3];
          b += c[2] * c[3];
          a += c[3];
        }
      }
      const i = (py * size + px) * 4;
      out[i + 3] = Math.round(a / (n * n));
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
    }
  }
  return out;
}

/** The states the top-bar icon shows, as `<symbol>` ids (app/src/status/view.ts ICON_SYMBOLS; ZAF needs `default`). */
export const ICON_SYMBOL_IDS = ['default', 'available', 'unavailable', 'paused', 'problem'] as const;

const S = 18;
const f = (v: number) => String(Math.round(v * 100) / 100);

/** The glyph's SVG elements, in 18×18 units, scaled by `k` from the top-left corner (to leave room for a badge). */
function glyphParts(k: number): string[] {
  const u = (v: number) => f(v * S * k);
  const pt = (p: Point) => `${u(p[0])},${u(p[1])}`;
  return [
    ...GLYPH.dots.map((d) => `<circle cx="${u(d.c[0])}" cy="${u(d.c[1])}" r="${u(d.r)}"/>`),
    ...GLYPH.shafts.map((sh) => `<path d="M${pt(sh.a)}L${pt(sh.b)}" stroke="currentColor" stroke-width="${u(sh.halfWidth * 2)}" stroke-linecap="round"/>`),
    ...GLYPH.heads.map((h) => `<polygon points="${h.map(pt).join(' ')}"/>`),
  ];
}

/** The badge drawn in the bottom-right corner for each state, centred on (14, 14): shapes, not colours, tell them apart. */
const BADGES: Record<Exclude<(typeof ICON_SYMBOL_IDS)[number], 'default'>, string[]> = {
  available: ['<circle cx="14" cy="14" r="3.5"/>'],
  unavailable: ['<circle cx="14" cy="14" r="2.75" fill="none" stroke="currentColor" stroke-width="1.5"/>'],
  paused: ['<rect x="11.25" y="10.5" width="2" height="7" rx="0.5"/>', '<rect x="14.75" y="10.5" width="2" height="7" rx="0.5"/>'],
  problem: ['<polygon points="14,10 18,17.5 10,17.5"/>'],
};

/**
 * The top-bar icon: one `<symbol>` per state for `client.set('iconSymbol', id)` (zaf.md §1, §6.2). `default` is the
 * glyph alone; the others shrink it to make room for a badge. In `currentColor`, so Zendesk can tint it.
 */
export function glyphSvg(): string {
  const symbol = (id: string, parts: string[]) =>
    `  <symbol id="${id}" viewBox="0 0 ${S} ${S}" fill="currentColor">\n${parts.map((p) => `    ${p}`).join('\n')}\n  </symbol>`;
  const symbols = [symbol('default', glyphParts(1)), ...Object.entries(BADGES).map(([id, badge]) => symbol(id, [...glyphParts(0.72), ...badge]))];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}" viewBox="0 0 ${S} ${S}" fill="currentColor">\n${symbols.join('\n')}\n</svg>\n`;
}

/**
 * The nav-bar icon of the admin console: the glyph alone, as one plain SVG with a `viewBox` (zaf.md §1: rendered
 * 18×18; zcli picks up `assets/icon_nav_bar.svg`). It has no states, so no `<symbol>`s.
 */
export function navBarSvg(): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}" viewBox="0 0 ${S} ${S}" fill="currentColor">\n${glyphParts(1)
    .map((p) => `  ${p}`)
    .join('\n')}\n</svg>\n`;
}

/** Every asset this script writes, by file name. */
export function renderAssets(): Record<string, Buffer> {
  return {
    'logo.png': encodePng(320, 320, renderGlyph(320, { arrow: WHITE, dot: MINT, background: TEAL })),
    'logo-small.png': encodePng(128, 128, renderGlyph(128, { arrow: TEAL, dot: MINT, background: CLEAR })),
    'icon_top_bar.svg': Buffer.from(glyphSvg(), 'utf8'),
    'icon_nav_bar.svg': Buffer.from(navBarSvg(), 'utf8'),
  };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'assets' } } });
  const outdir = resolve(__dirname, '..', values.outdir);
  mkdirSync(outdir, { recursive: true });
  for (const [name, bytes] of Object.entries(renderAssets())) {
    writeFileSync(join(outdir, name), bytes);
    console.log(`${join(values.outdir, name)}  ${bytes.length} bytes`);
  }
}
