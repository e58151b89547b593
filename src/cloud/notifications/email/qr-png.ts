import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/**
 * A ticket code as a QR code in a small black-and-white PNG, for an inline image in the
 * order mail. Two choices make it ~20× cheaper than `QRCode.toBuffer` (measured: 0.5 ms
 * instead of 12–40 ms for a 440-character code), which matters at hundreds of mails a
 * second: the code goes in as one byte-mode segment (no search for the best mix of
 * modes), and the mask is fixed instead of picked by trying all eight (the mask only
 * evens out light and dark areas; every reader takes it from the format bits). The PNG is
 * written here at 1 bit per pixel; qrcode's renderer writes 32-bit RGBA through pngjs.
 */
export function qrPng(text: string, options: { scale?: number; margin?: number } = {}): Buffer {
  const scale = options.scale ?? 4;
  const margin = options.margin ?? 4; // the quiet zone the standard asks for
  const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
    maskPattern: 2,
  });
  const { size, data } = qr.modules;
  const dim = (size + 2 * margin) * scale;
  const rowBytes = Math.ceil(dim / 8);
  // Each scanline: filter byte 0, then pixels, 1 = white. A module row is drawn into its
  // first scanline, which is then copied `scale - 1` times.
  const line = rowBytes + 1;
  const raw = Buffer.alloc(line * dim, 0xff);
  for (let y = 0; y < dim; y++) raw[y * line] = 0;
  for (let my = 0; my < size; my++) {
    const first = (my + margin) * scale * line;
    for (let mx = 0; mx < size; mx++) {
      if (!data[my * size + mx]) continue;
      for (let x = (mx + margin) * scale, end = x + scale; x < end; x++) {
        raw[first + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7));
      }
    }
    for (let dy = 1; dy < scale; dy++) raw.copy(raw, first + dy * line, first, first + line);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(dim, 0);
  header.writeUInt32BE(dim, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    // Level 1: a two-colour image compresses almost as well as at the default, at a third of the CPU.
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, body: Buffer): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  body.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}
