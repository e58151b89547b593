import { describe, expect, it } from 'vitest';
import { CrlfRecords } from '../../src/cloud/exports/copy-source.ts';

describe('CSV from COPY to RFC 4180 line ends', () => {
  // Postgres' CSV: LF-ended records, quoted fields may hold LF, CR and doubled quotes.
  const copy = 'a,"say ""hi""\nthere",1\n"x\r\ny",,true\n"""",b,\nplain,"",-5\n';
  const rfc = 'a,"say ""hi""\nthere",1\r\n"x\r\ny",,true\r\n"""",b,\r\nplain,"",-5\r\n';

  it('ends records with CRLF, keeps the line breaks inside quoted fields, counts the records', () => {
    const crlf = new CrlfRecords();
    expect(crlf.convert(Buffer.from(copy)).toString()).toBe(rfc);
    expect(crlf.records).toBe(4);
  });

  it('gives the same bytes wherever the chunks are cut', () => {
    const bytes = Buffer.from(copy);
    for (let cut = 1; cut < bytes.length; cut++) {
      const crlf = new CrlfRecords();
      const out = Buffer.concat([crlf.convert(bytes.subarray(0, cut)), crlf.convert(bytes.subarray(cut))]);
      expect(out.toString(), `cut at ${cut}`).toBe(rfc);
      expect(crlf.records).toBe(4);
    }
  });
});
