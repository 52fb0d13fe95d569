import { ImportBudget } from '../import-budget';
import { ColumnSpec, decode, headerKey, readCsv } from '../csv';

type Key = 'name' | 'postcode' | 'kvk';
const COLUMNS: Array<ColumnSpec<Key>> = [
  { key: 'name', headers: ['Naam', 'Name'], required: true },
  { key: 'postcode', headers: ['Postcode'], required: true },
  { key: 'kvk', headers: ['KvK-nummer', 'KvK'], required: false },
];
const read = (text: string | Buffer, maxRows = 100) =>
  readCsv<Key>(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, COLUMNS, { maxRows, budget: new ImportBudget(60_000) });

describe('CSV reading', () => {
  it('reads Dutch Excel (;), commas and tabs, with Dutch or English headers in any case and spelling', async () => {
    for (const [separator, header] of [
      [';', 'naam;POSTCODE;KvK nummer'],
      [',', 'Name,Postcode,kvk'],
      ['\t', 'Naam\tPostcode\tKVK'],
    ]) {
      const { table, problems } = await read(`${header}\r\nBakkerij Jansen${separator}1234 AB${separator}12345678\n`);
      expect(problems).toEqual([]);
      expect(table!.separator).toBe(separator);
      expect(table!.rows.map((row) => [row.get('name'), row.get('postcode'), row.get('kvk')])).toEqual([['Bakkerij Jansen', '1234 AB', '12345678']]);
    }
  });

  it('decodes UTF-8 with a BOM, UTF-16 and Windows-1252', () => {
    expect(decode(Buffer.from('\ufeffNaam;Café', 'utf8'))).toMatchObject({ encoding: 'UTF-8' });
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Naam;Café', 'utf16le')]))).toEqual({ text: 'Naam;Café', encoding: 'UTF-16LE' });
    expect(decode(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).toEqual({ text: 'Café', encoding: 'WINDOWS-1252' });
    expect(decode(Buffer.from('Naam\u0000;x'))).toMatchObject({ row: 1, message: expect.stringMatching(/control characters/) });
  });

  it('reports missing columns and ragged rows, and refuses more rows than allowed with a coded error', async () => {
    expect((await read('Naam;Plaats\nx;y\n')).problems).toEqual([{ row: 1, column: 'postcode', message: expect.stringMatching(/missing column "Postcode"/) }]);
    const ragged = await read('Naam;Postcode\na;1234 AB\nb\n');
    expect(ragged.table!.rows).toHaveLength(1);
    expect(ragged.problems).toEqual([{ row: 3, column: null, message: 'has 1 fields where the header has 2' }]);
    await expect(read('Naam;Postcode\na;1\nb;2\nc;3\n', 2)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect((await read('')).problems).toEqual([{ row: null, column: null, message: 'the file is empty' }]);
  });

  it('compares headers without accents, case, spaces or punctuation', () => {
    expect(headerKey(' Bedrijfs-naam ')).toBe('bedrijfsnaam');
    expect(headerKey('Postcode (PC6)')).toBe('postcodepc6');
    expect(headerKey('Categorié')).toBe('categorie');
  });
});
