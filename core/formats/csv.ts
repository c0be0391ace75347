// CSV rows as RFC 4180 text (CRLF, quoted where needed). Pure.
export type Cell = string | number | null;

function field(cell: Cell): string {
  const text = cell === null ? '' : String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  for (const row of rows)
    if (row.length !== header.length) throw new Error(`a row has ${row.length} cells, the header ${header.length}`);
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
