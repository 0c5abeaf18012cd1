// The PNG encoder and the committed logos: valid PNGs of the sizes ZAF requires, reproducible from scripts/logos.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { renderAssets } from '../../scripts/logos';
import { crc32, encodePng, readPngHeader } from '../../scripts/png';

const assets = join(__dirname, '..', '..', 'assets');

/** Splits a PNG into chunks, checking each CRC. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  const out: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(crc32(png.subarray(at + 4, at + 8 + length))).toBe(png.readUInt32BE(at + 8 + length));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

/** Decodes what encodePng writes (RGBA, filter 0 on every row) back to pixels. */
function decode(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const { width, height, bitDepth, colorType, interlace } = readPngHeader(png);
  expect([bitDepth, colorType, interlace]).toEqual([8, 6, 0]);
  const list = chunks(png);
  expect(list.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const raw = inflateSync(Buffer.concat(list.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  expect(raw.length).toBe((width * 4 + 1) * height);
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

describe('encodePng', () => {
  it('round-trips pixels', () => {
    // Prepare
    const rgba = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    // Act
    const png = encodePng(3, 2, rgba);
    // Assess
    const back = decode(png);
    expect([back.width, back.height]).toEqual([3, 2]);
    expect([...back.rgba]).toEqual([...rgba]);
  });

  it('refuses pixel data of the wrong length', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow('expected 16 RGBA bytes for 2×2, got 15');
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(RangeError);
  });

  it('has a CRC-32 matching the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('readPngHeader', () => {
  it('rejects a file that is not a PNG, or a damaged header', () => {
    expect(() => readPngHeader(Buffer.from('<svg viewBox="0 0 1 1"/>'.padEnd(40)))).toThrow('not a PNG file');
    const png = encodePng(1, 1, new Uint8Array([1, 2, 3, 4]));
    png.writeUInt8(png.readUInt8(17) ^ 1, 17); // width, without fixing the CRC
    expect(() => readPngHeader(png)).toThrow('bad CRC');
  });
});

describe('the committed logos', () => {
  it('are what scripts/logos.ts draws (re-run it after changing the artwork)', () => {
    // Pixels, not file bytes: another zlib build may compress the same pixels differently.
    for (const [name, bytes] of Object.entries(renderAssets())) {
      const committed = readFileSync(join(assets, name));
      if (name.endsWith('.png')) expect(decode(committed).rgba.equals(decode(bytes).rgba)).toBe(true);
      else expect(committed.toString('utf8')).toBe(bytes.toString('utf8'));
    }
  });

  it('logo.png: 320×320 and opaque, so Zendesk rounds the corners itself', () => {
    const { width, height, rgba } = decode(readFileSync(join(assets, 'logo.png')));
    expect([width, height]).toEqual([320, 320]);
    expect(rgba.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });

  it('logo-small.png: 128×128 with transparency', () => {
    const { width, height, rgba } = decode(readFileSync(join(assets, 'logo-small.png')));
    expect([width, height]).toEqual([128, 128]);
    expect(rgba[3]).toBe(0); // top-left corner
    expect(rgba.filter((_, i) => i % 4 === 3).some((a) => a === 255)).toBe(true);
  });
});
