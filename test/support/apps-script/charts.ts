// Owns embedded charts: Sheet.newChart() builders, the EmbeddedChart objects they build, and a plain spec
// ({ type, ranges, options, position }) that tests assert on, since nothing is drawn.
import { quoteSheetName } from './a1.js';
import type { Execution } from './execution.js';
import type { AnchoredArea } from './grid.js';
import type { FakeRange } from './range.js';
import type { FakeSheet } from './sheet.js';

export const CHART_TYPES = [
  'AREA',
  'BAR',
  'BUBBLE',
  'CANDLESTICK',
  'COLUMN',
  'COMBO',
  'GAUGE',
  'GEO',
  'HISTOGRAM',
  'LINE',
  'ORG',
  'PIE',
  'RADAR',
  'SCATTER',
  'SPARKLINE',
  'STEPPED_AREA',
  'TABLE',
  'TIMELINE',
  'TREEMAP',
  'WATERFALL',
] as const;

export interface ChartPosition {
  anchorRow: number;
  anchorColumn: number;
  offsetX: number;
  offsetY: number;
}

export interface ChartSpec {
  id: number | null;
  type: string;
  /** A1 notation; ranges on another sheet carry its name ("'Data'!A1:B5"). */
  ranges: string[];
  options: Record<string, unknown>;
  position: ChartPosition;
}

interface ChartDefinition {
  type: string | null;
  ranges: FakeRange[];
  options: Map<string, unknown>;
  position: ChartPosition;
  numHeaders: number;
  transpose: boolean;
  hiddenDimensionStrategy: string;
  mergeStrategy: string;
}

export class FakeContainerInfo {
  constructor(private readonly position: ChartPosition) {}
  getAnchorRow(): number {
    return this.position.anchorRow;
  }
  getAnchorColumn(): number {
    return this.position.anchorColumn;
  }
  getOffsetX(): number {
    return this.position.offsetX;
  }
  getOffsetY(): number {
    return this.position.offsetY;
  }
}

export class FakeChartOptions {
  constructor(private readonly options: ReadonlyMap<string, unknown>) {}
  get(option: string): unknown {
    return this.options.get(option) ?? null;
  }
  getOrDefault(option: string): unknown {
    return this.options.get(option) ?? null;
  }
}

export class FakeEmbeddedChart {
  /** Assigned by Sheet.insertChart; null before, like getChartId() on a chart not yet inserted. */
  chartId: number | null;
  private areas: { sheet: FakeSheet; area: AnchoredArea }[] = [];

  constructor(
    private readonly execution: Execution,
    readonly sheet: FakeSheet,
    readonly definition: Readonly<ChartDefinition>,
    chartId: number | null,
  ) {
    this.chartId = chartId;
  }

  /** Called on insert: from then on the chart's ranges follow inserted and deleted rows. */
  anchorRanges(): void {
    this.areas = this.definition.ranges.map((range) => ({
      sheet: range.getSheet(),
      area: range.getSheet().anchor(range),
    }));
  }

  getChartId(): number | null {
    return this.chartId;
  }

  getRanges(): FakeRange[] {
    const ranges =
      this.areas.length > 0
        ? this.areas.filter((entry) => entry.area.valid).map((entry) => entry.sheet.rangeOfArea(entry.area))
        : this.definition.ranges;
    return this.execution.bridge.array(ranges);
  }

  getOptions(): FakeChartOptions {
    return new FakeChartOptions(this.definition.options);
  }

  getContainerInfo(): FakeContainerInfo {
    return new FakeContainerInfo(this.definition.position);
  }

  getNumHeaders(): number {
    return this.definition.numHeaders;
  }

  getTransposeRowsAndColumns(): boolean {
    return this.definition.transpose;
  }

  getHiddenDimensionStrategy(): string {
    return this.definition.hiddenDimensionStrategy;
  }

  getMergeStrategy(): string {
    return this.definition.mergeStrategy;
  }

  modify(): FakeEmbeddedChartBuilder {
    return new FakeEmbeddedChartBuilder(this.execution, this.sheet, this);
  }

  /** Test helper (not Apps Script). */
  spec(): ChartSpec {
    return {
      id: this.chartId,
      type: this.definition.type ?? '',
      ranges: this.getRanges().map((range) =>
        range.getSheet() === this.sheet
          ? range.getA1Notation()
          : `${quoteSheetName(range.getSheet().getName())}!${range.getA1Notation()}`,
      ),
      options: Object.fromEntries(this.definition.options),
      position: { ...this.definition.position },
    };
  }
}

export class FakeEmbeddedChartBuilder {
  private readonly definition: ChartDefinition;
  private readonly chartId: number | null;

  constructor(
    private readonly execution: Execution,
    private readonly sheet: FakeSheet,
    from?: FakeEmbeddedChart,
  ) {
    this.chartId = from?.chartId ?? null;
    this.definition = from
      ? {
          ...from.definition,
          ranges: from.getRanges(),
          options: new Map(from.definition.options),
          position: { ...from.definition.position },
        }
      : {
          type: null,
          ranges: [],
          options: new Map(),
          position: { anchorRow: 1, anchorColumn: 1, offsetX: 0, offsetY: 0 },
          numHeaders: -1,
          transpose: false,
          hiddenDimensionStrategy: 'IGNORE_BOTH',
          mergeStrategy: 'MERGE_COLUMNS',
        };
  }

  addRange(range: FakeRange): this {
    this.definition.ranges.push(range);
    return this;
  }
  removeRange(range: FakeRange): this {
    this.definition.ranges = this.definition.ranges.filter(
      (candidate) =>
        candidate.getSheet() !== range.getSheet() || candidate.getA1Notation() !== range.getA1Notation(),
    );
    return this;
  }
  clearRanges(): this {
    this.definition.ranges = [];
    return this;
  }
  getRanges(): FakeRange[] {
    return this.execution.bridge.array(this.definition.ranges);
  }
  setChartType(type: string): this {
    if (!(CHART_TYPES as readonly string[]).includes(String(type))) {
      throw this.execution.exception(`Invalid argument: type`);
    }
    this.definition.type = String(type);
    return this;
  }
  getChartType(): string | null {
    return this.definition.type;
  }
  setOption(option: string, value: unknown): this {
    this.definition.options.set(option, value);
    return this;
  }
  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): this {
    this.definition.position = { anchorRow: anchorRowPos, anchorColumn: anchorColPos, offsetX, offsetY };
    return this;
  }
  getContainer(): FakeContainerInfo {
    return new FakeContainerInfo(this.definition.position);
  }
  setNumHeaders(headers: number): this {
    this.definition.numHeaders = headers;
    return this;
  }
  setTransposeRowsAndColumns(transpose: boolean): this {
    this.definition.transpose = transpose;
    return this;
  }
  setHiddenDimensionStrategy(strategy: string): this {
    this.definition.hiddenDimensionStrategy = String(strategy);
    return this;
  }
  setMergeStrategy(strategy: string): this {
    this.definition.mergeStrategy = String(strategy);
    return this;
  }

  // The typed builders (asBarChart()...) share this object: they set the type and add option shortcuts.
  asAreaChart(): this {
    return this.setChartType('AREA');
  }
  asBarChart(): this {
    return this.setChartType('BAR');
  }
  asColumnChart(): this {
    return this.setChartType('COLUMN');
  }
  asComboChart(): this {
    return this.setChartType('COMBO');
  }
  asHistogramChart(): this {
    return this.setChartType('HISTOGRAM');
  }
  asLineChart(): this {
    return this.setChartType('LINE');
  }
  asPieChart(): this {
    return this.setChartType('PIE');
  }
  asScatterChart(): this {
    return this.setChartType('SCATTER');
  }
  asTableChart(): this {
    return this.setChartType('TABLE');
  }
  setTitle(title: string): this {
    return this.setOption('title', title);
  }
  setXAxisTitle(title: string): this {
    return this.setOption('hAxis.title', title);
  }
  setYAxisTitle(title: string): this {
    return this.setOption('vAxis.title', title);
  }
  setStacked(): this {
    return this.setOption('isStacked', true);
  }
  setColors(colors: string[]): this {
    return this.setOption('colors', [...colors]);
  }
  setLegendPosition(position: string): this {
    return this.setOption('legend.position', String(position).toLowerCase());
  }
  setRange(start: number, end: number): this {
    return this.setOption('vAxis.viewWindow', { min: start, max: end });
  }

  build(): FakeEmbeddedChart {
    if (this.definition.type === null) throw this.execution.exception('The chart type has not been set.');
    return new FakeEmbeddedChart(
      this.execution,
      this.sheet,
      {
        ...this.definition,
        ranges: [...this.definition.ranges],
        options: new Map(this.definition.options),
        position: { ...this.definition.position },
      },
      this.chartId,
    );
  }
}
