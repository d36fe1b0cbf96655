// Deskbridge's default logo and icon for the Talkdesk configuration: one drawing, as SVG and as PNG drawn here.
import { crc32, deflateSync } from 'node:zlib';

/** Paths under the public URL; the Talkdesk configuration points at them when the profile names no images of its own. */
export const BRAND_PATHS = { logo: '/assets/deskbridge-logo.png', icon: '/assets/deskbridge-icon.png', svg: '/assets/deskbridge-icon.svg' } as const;

/** The mark on a 96×96 grid: a blue rounded square with a white bridge (an arch over a deck on two piers). */
const BLUE = [0x1f, 0x6f, 0xeb] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
<rect width="96" height="96" rx="20" fill="#1f6feb"/>
<path d="M16 60 A32 32 0 0 1 80 60" fill="none" stroke="#fff" stroke-width="8"/>
<rect x="10" y="58" width="76" height="8" fill="#fff"/>
<rect x="22" y="62" width="8" height="18" fill="#fff"/>
<rect x="66" y="62" width="8" height="18" fill="#fff"/>
</svg>
`;

/** The mark's colour at a point of the 96×96 grid, or undefined outside it (transparent). */
function markAt(x: number, y: number): readonly number[] | undefined {
  const corner = 20;
  const cx = Math.min(Math.max(x, corner), 96 - corner);
  const cy = Math.min(Math.max(y, corner), 96 - corner);
  if (x < 0 || y < 0 || x > 96 || y > 96 || (x - cx) ** 2 + (y - cy) ** 2 > corner ** 2) return undefined;
  const fromCentre = Math.hypot(x - 48, y - 60);
  const arch = y <= 60 && fromCentre >= 28 && fromCentre <= 36;
  const deck = x >= 10 && x <= 86 && y >= 58 && y <= 66;
  const piers = y >= 62 && y <= 80 && ((x >= 22 && x <= 30) || (x >= 66 && x <= 74));
  return arch || deck || piers ? WHITE : BLUE;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A width×height RGBA PNG with the mark scaled to `size` pixels and centred; each pixel sampled 4×4 for smooth edges. */
function drawPng(width: number, height: number, size: number): Buffer {
  const scale = 96 / size;
  const left = (width - size) / 2;
  const top = (height - size) / 2;
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 4 + 1);
    for (let x = 0; x < width; x += 1) {
      let red = 0, green = 0, blue = 0, covered = 0;
      for (let sy = 0; sy < 4; sy += 1) {
        for (let sx = 0; sx < 4; sx += 1) {
          const colour = markAt((x - left + (sx + 0.5) / 4) * scale, (y - top + (sy + 0.5) / 4) * scale);
          if (!colour) continue;
          red += colour[0]!; green += colour[1]!; blue += colour[2]!; covered += 1;
        }
      }
      const pixel = row + 1 + x * 4;
      if (covered === 0) continue;
      rows[pixel] = Math.round(red / covered);
      rows[pixel + 1] = Math.round(green / covered);
      rows[pixel + 2] = Math.round(blue / covered);
      rows[pixel + 3] = Math.round((covered / 16) * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

let drawn: { logo: Buffer; icon: Buffer } | undefined;

/** Talkdesk's sizes: a logo of at most 192×96 px, an icon of 96×96 px. Drawn once, on first use. */
export function brandImages(): { logo: Buffer; icon: Buffer } {
  drawn ??= { logo: drawPng(192, 96, 88), icon: drawPng(96, 96, 96) };
  return drawn;
}
