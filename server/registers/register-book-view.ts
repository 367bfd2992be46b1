/* Shared with the web client: keep this file free of imports. */
/** A register printed or exported: the column titles Decree 30 (appendix IV) prescribes, and rows of text. */
export interface RegisterBook {
  title: string;
  organization: string;
  period: string;
  columns: string[];
  /** Relative column widths for the printed layout. */
  widths: number[];
  rows: string[][];
}
