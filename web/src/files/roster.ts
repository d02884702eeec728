// Roster files (and history files, which the history import sends the same way) as the import
// APIs want them: CSV, UTF-8. A CSV file is sent byte for byte (so the server can tell a GBK file
// and say so); an Excel .xlsx file is turned into CSV here.

// Why a file could not be turned into a roster; `code` names an i18n key under `roster.`.
export class RosterFileError extends Error {
  readonly code: 'unsupportedFile' | 'emptySheet' | 'unreadableSpreadsheet';

  constructor(code: RosterFileError['code'], cause?: unknown) {
    super(code, { cause });
    this.name = 'RosterFileError';
    this.code = code;
  }
}

export type RosterFormat = 'csv' | 'xlsx';

export function rosterFormat(fileName: string): RosterFormat | null {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.xlsx')) return 'xlsx';
  return null;
}

// One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break.
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

type Cell = string | number | boolean | Date | null | undefined | unknown;

// A spreadsheet cell as roster text: dates as YYYY-MM-DD, everything else as written.
function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

// Rows of cells as CSV text, each as wide as the header row (spreadsheets leave out or add
// empty cells at the ends of rows). A wholly empty row stays an empty line, so CSV line
// numbers in the server's report are the spreadsheet's row numbers.
export function rowsToCsv(rows: readonly (readonly Cell[])[]): string {
  const header = (rows[0] ?? []).map(cellText);
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  const width = header.length;
  const lines = rows.map((row) => {
    const cells = row.map(cellText);
    if (cells.every((cell) => cell === '')) return '';
    while (cells.length > width && cells[cells.length - 1] === '') cells.pop();
    while (cells.length < width) cells.push('');
    return csvLine(cells);
  });
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\r\n')}\r\n`;
}

// The roster to send: the CSV file itself, or the first sheet of an .xlsx file as CSV.
export async function rosterBody(file: File): Promise<Blob | string> {
  const format = rosterFormat(file.name);
  if (format === 'csv') return file;
  if (format !== 'xlsx') throw new RosterFileError('unsupportedFile');
  let rows: readonly (readonly Cell[])[];
  try {
    // Loaded only when someone uploads a spreadsheet. Numbers stay as written, so mobile and
    // card numbers keep every digit.
    const { readSheet } = await import('read-excel-file/browser');
    rows = await readSheet<string>(file, { parseNumber: (text) => text });
  } catch (cause) {
    throw new RosterFileError('unreadableSpreadsheet', cause);
  }
  if (rows.length === 0) throw new RosterFileError('emptySheet');
  return rowsToCsv(rows);
}
