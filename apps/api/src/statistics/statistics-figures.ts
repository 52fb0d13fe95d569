import { Injectable } from '@nestjs/common';
import { addDays, addMonths } from '@stagebank/domain';
import { LRUCache } from 'lru-cache';
import { Metrics } from '../metrics/metrics';
import { DateRange, FigureRow, StatisticsRepository, StatisticsScope, figureKey } from './statistics.repository';
import { StatisticsGroupBy, StatisticsScopeKind } from './statistics.types';

/** Most months' figures one process keeps: a year's report keeps 13, of some 20 rows each by sector × month. */
const KEPT_MONTHS = 2_000;

/** The part of a period in one calendar month (`month`: its first day). */
export interface MonthOfPeriod extends DateRange {
  month: string;
}

/** The calendar months a period falls in, each cut to the period. */
export function monthsOf(from: string, to: string): MonthOfPeriod[] {
  const months: MonthOfPeriod[] = [];
  for (let first = `${from.slice(0, 7)}-01`; first <= to; first = addMonths(first, 1)) {
    const last = addDays(addMonths(first, 1), -1);
    months.push({ month: first, from: first < from ? from : first, to: last > to ? to : last });
  }
  return months;
}

/**
 * A report's figures (statistics.repository.ts, `figureCounts` and `medians`), summed from the
 * figures of each month of the period, which this process keeps until the month's stamp moves: the
 * statistics consumer stamps a month anew when what it says of an internship that started then
 * changes, and a fill stamps them all (statistics_month_stamp). Past months hardly change, so a
 * dashboard's report of a year reads again only the months written to since it was last asked,
 * usually the current one. Each month is kept for one day (`today` decides what is unaccounted for),
 * one scope and one grouping. The medians are read whole each time: a median is not a sum.
 */
@Injectable()
export class StatisticsFigures {
  private readonly kept = new LRUCache<string, FigureRow[]>({ max: KEPT_MONTHS });

  constructor(
    private readonly repository: StatisticsRepository,
    private readonly metrics: Metrics,
  ) {}

  async figures(scope: StatisticsScope, from: string, to: string, today: string, groupBy: StatisticsGroupBy[]): Promise<FigureRow[]> {
    const months = monthsOf(from, to);
    // By school kind, the figures join the organisations' kinds, which no stamp follows: read each time.
    const keep = !groupBy.includes(StatisticsGroupBy.SCHOOL_KIND);
    // The stamps before the figures: a month read after a newer write is then kept under the older
    // stamp, and only read again; never the other way round.
    const [stamps, medians] = await Promise.all([keep ? this.repository.monthStamps(from, to) : [], this.repository.medians(scope, from, to, groupBy)]);
    const stamp = new Map(stamps.map((s) => [s.month, s.stamp]));
    const who = scope.kind === StatisticsScopeKind.ORGANISATION ? scope.organisationId : scope.region;
    const keyOf = (m: MonthOfPeriod) =>
      JSON.stringify([scope.kind, who, groupBy, today, m.from, m.to, stamp.get('-infinity') ?? null, stamp.get(m.month) ?? null]);

    const figures = new Map<string, FigureRow[]>();
    for (const m of months) {
      const rows = keep ? this.kept.get(keyOf(m)) : undefined;
      if (rows) figures.set(m.month, rows);
    }
    const missing = months.filter((m) => !figures.has(m.month));
    this.metrics.statisticsMonths.inc({ outcome: 'kept' }, months.length - missing.length);
    this.metrics.statisticsMonths.inc({ outcome: 'read' }, missing.length);
    if (missing.length) {
      const rows = await this.repository.figureCounts(scope, joined(missing), today, groupBy);
      for (const m of missing) {
        const ofMonth = rows.filter((row) => row.chunk === m.month);
        figures.set(m.month, ofMonth);
        if (keep) this.kept.set(keyOf(m), ofMonth);
      }
    }
    return summed([...figures.values()].flat(), groupBy, medians);
  }
}

/** Months that follow each other as one range, so that a report with nothing kept reads its period in one range. */
function joined(months: MonthOfPeriod[]): DateRange[] {
  const ranges: DateRange[] = [];
  for (const m of months) {
    const last = ranges[ranges.length - 1];
    if (last && addDays(last.to, 1) === m.from) last.to = m.to;
    else ranges.push({ from: m.from, to: m.to });
  }
  return ranges;
}

/** The months' rows added up by group (every count; the groups and `grouped` are the key), each with its group's median. */
function summed(rows: FigureRow[], groupBy: StatisticsGroupBy[], medians: Map<string, number | null>): FigureRow[] {
  const sums = new Map<string, FigureRow>();
  for (const row of rows) {
    const key = figureKey(row, groupBy);
    const sum = sums.get(key);
    if (!sum) {
      const { chunk: _month, ...first } = row;
      sums.set(key, { ...first, median_travel_km: medians.get(key) ?? null } as FigureRow);
      continue;
    }
    for (const [name, value] of Object.entries(row)) if (typeof value === 'number') sum[name] = (sum[name] as number) + value;
  }
  return [...sums.values()];
}
