import type * as PdfLib from 'pdf-lib';
import type * as Fontkit from '@pdf-lib/fontkit';
import type ExcelJS from 'exceljs';

// The printed registers, handover records and spreadsheets are the only users of pdf-lib, fontkit and
// ExcelJS on the server. Loaded on first use, they stay out of every boot (about a second of module
// loading, for the server, the CLI and each test file); Node's module cache keeps them after that.
/* eslint-disable @typescript-eslint/no-require-imports */
export const pdfLib = (): typeof PdfLib => require('pdf-lib') as typeof PdfLib;
export const fontkit = (): typeof Fontkit => require('@pdf-lib/fontkit') as typeof Fontkit;
export const excelJs = (): typeof ExcelJS => require('exceljs') as typeof ExcelJS;
