// Draws the app and tray icons as PNG files (run once with `node main/assets/draw-icons.mjs`; no image tools needed).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const here = new URL('.', import.meta.url);
const WHITE = [255, 255, 255];

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes are signed distances in a 32-unit square: negative inside.
const roundedBox = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, x - (x1 - r), 0);
  const dy = Math.max(y0 + r - y, y - (y1 - r), 0);
  return Math.hypot(dx, dy) - r;
};
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
function arch(x0, x1, base, top, width) {
  const points = [];
  for (let i = 0; i <= 64; i++) {
    const t = i / 64;
    const cy = 2 * top - base; // control point so the curve peaks at `top`
    points.push([(1 - t) ** 2 * x0 + 2 * t * (1 - t) * ((x0 + x1) / 2) + t ** 2 * x1, (1 - t) ** 2 * base + 2 * t * (1 - t) * cy + t ** 2 * base]);
  }
  return (x, y) => Math.min(...points.map(([px, py]) => Math.hypot(x - px, y - py))) - width / 2;
}

function render(size, layers) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const [shape, colour] of layers) {
        let covered = 0;
        for (let sy = 0; sy < samples; sy++) {
          for (let sx = 0; sx < samples; sx++) {
            const u = ((x + (sx + 0.5) / samples) / size) * 32;
            const v = ((y + (sy + 0.5) / samples) / size) * 32;
            if (shape(u, v) <= 0) covered++;
          }
        }
        const alpha = covered / samples ** 2;
        [r, g, b] = [r, g, b].map((channel, i) => channel * (1 - alpha) + colour[i] * alpha);
        a = a + alpha * (1 - a);
      }
      // r, g, b are premultiplied by a while compositing; PNG wants straight alpha.
      const straight = a > 0 ? [r / a, g / a, b / a] : [0, 0, 0];
      rgba.set([...straight, a * 255].map(Math.round), (y * size + x) * 4);
    }
  }
  return encodePng(size, rgba);
}

const bridge = [
  [arch(5, 27, 20.5, 11, 2.2), WHITE],
  [roundedBox(4, 19.5, 28, 22, 1.2), WHITE],
  [roundedBox(9.4, 14.5, 11.1, 20.5, 0), WHITE],
  [roundedBox(15.2, 12, 16.8, 20.5, 0), WHITE],
  [roundedBox(20.9, 14.5, 22.6, 20.5, 0), WHITE],
];
writeFileSync(new URL('icon.png', here), render(512, [[roundedBox(1, 1, 31, 31, 6), [31, 78, 121]], ...bridge]));

const trayColours = { online: [46, 157, 74], degraded: [224, 161, 0], offline: [192, 57, 43] };
for (const [state, colour] of Object.entries(trayColours)) {
  const layers = [[disc(16, 16, 15.5), colour], ...bridge.slice(0, 2)];
  writeFileSync(new URL(`tray-${state}.png`, here), render(16, layers));
  writeFileSync(new URL(`tray-${state}@2x.png`, here), render(32, layers));
}
