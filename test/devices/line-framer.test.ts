import { describe, expect, it } from 'vitest';
import { LineFramer } from '../../src/devices/line-framer.ts';

function framer(suffix: string, max = 4096) {
  const lines: string[] = [];
  const overlong: number[] = [];
  const f = new LineFramer(suffix, { line: (l) => lines.push(l), overlong: (n) => overlong.push(n) }, max);
  return { f, lines, overlong };
}

describe('LineFramer', () => {
  it('splits on CRLF, including a suffix split across chunks', () => {
    const { f, lines } = framer('\r\n');
    f.push(Buffer.from('abc\r'));
    f.push(Buffer.from('\ndef\r\nghi'));
    expect(lines).toEqual(['abc', 'def']);
    f.push(Buffer.from('\r\n'));
    expect(lines).toEqual(['abc', 'def', 'ghi']);
  });

  it('splits on a single CR', () => {
    const { f, lines } = framer('\r');
    f.push(Buffer.from('one\rtwo\r'));
    expect(lines).toEqual(['one', 'two']);
  });

  it('drops an overlong line whole and keeps framing the next ones', () => {
    const { f, lines, overlong } = framer('\n', 16);
    f.push(Buffer.from('x'.repeat(40)));
    f.push(Buffer.from('y'.repeat(40)));
    f.push(Buffer.from('\nok\n'));
    expect(lines).toEqual(['ok']);
    expect(overlong).toEqual([80]);
  });

  it('turns bytes that are not UTF-8 into replacement characters instead of failing', () => {
    const { f, lines } = framer('\n');
    f.push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
    expect(lines).toEqual(['a\ufffd\ufffdb']);
  });
});
