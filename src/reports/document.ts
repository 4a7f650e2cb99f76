// A report as content, before any format: the content builders (src/reports/content/) write it from
// the figures, and each renderer (src/reports/render/) turns the same document into HTML, Word, PDF
// or Excel, so the four outputs can never say different things.

export interface ReportDocument {
  /** e.g. 市12345政府公共服务平台2017年度运行情况综述 */
  title: string;
  /** e.g. the issuing office and the period, printed under the title. */
  subtitle?: string;
  /** Stable machine name of the report: annual | monthly | weekly | units. */
  kind: string;
  period: { from: string; to: string };
  /** When the figures were taken (ISO). */
  generatedAt: string;
  blocks: Block[];
}

export type Block = HeadingBlock | ParagraphBlock | TableBlock | ChartBlock;

export interface HeadingBlock {
  kind: 'heading';
  /** 1: 一、全年受理情况; 2: sub-headings. */
  level: 1 | 2;
  text: string;
}

/** Chinese prose with the figures already written in (no markup). */
export interface ParagraphBlock {
  kind: 'paragraph';
  text: string;
}

export type Cell = string | number | null;

export interface TableColumn {
  title: string;
  /** number cells are right-aligned; percent cells hold a number of percent (71.13) shown with '%'. */
  format?: 'text' | 'integer' | 'percent' | 'decimal';
  width?: number;
}

export interface TableBlock {
  kind: 'table';
  /** e.g. 承办单位办件情况表一（县直单位）; also the Excel sheet's name (shortened). */
  title: string;
  columns: TableColumn[];
  rows: Cell[][];
  /** The computed total row (合计), printed first or last as `totalFirst` says. */
  total?: Cell[];
  totalFirst?: boolean;
  /** e.g. 单位：件 */
  unitNote?: string;
  /** e.g. 备注：此表统计截止于2017年12月31日，以交办量为统计口径。 */
  note?: string;
}

/** A chart as an ECharts option (rendered server-side to SVG; PNG where a format needs pixels). */
export interface ChartBlock {
  kind: 'chart';
  title: string;
  option: Record<string, unknown>;
  width?: number;
  height?: number;
}
