/**
 * The architecture baseline, `.sentrux/baseline.json`: the keys sentrux writes that the native
 * analysis can fill honestly (`timestamp`, `cycle_count`, `complex_fn_count`,
 * `total_import_edges`, `cross_module_edges`), plus dgov's own (`engine`, `long_fn_count`,
 * `layering_violation_count`, `offenders`: each offender's identity and message). A baseline
 * sentrux wrote has no `offenders`: it is then compared by its counts.
 */
import { posix } from "node:path";
import { type Architecture, type Offender, type OffenderKind, offenderKey } from "./analysis.ts";

export const BASELINE_FILE = ".sentrux/baseline.json";

export interface Baseline {
  timestamp: number;
  engine?: string;
  cycle_count?: number;
  complex_fn_count?: number;
  long_fn_count?: number;
  layering_violation_count?: number;
  total_import_edges?: number;
  cross_module_edges?: number;
  quality_signal?: number;
  offenders?: Offender[];
}

const count = (a: Architecture, kind: OffenderKind) => a.offenders.filter((o) => o.kind === kind).length;
/** The top folder of a path: sentrux's module. */
const moduleOf = (p: string) => (p.includes("/") ? p.split("/")[0]! : posix.dirname(p));

export function baselineOf(a: Architecture, now = Date.now()): Baseline {
  return {
    timestamp: Math.round(now / 10) / 100,
    engine: "dgov",
    cycle_count: a.cycles.length,
    complex_fn_count: count(a, "complex_function"),
    long_fn_count: count(a, "long_function"),
    layering_violation_count: count(a, "layering"),
    total_import_edges: a.graph.edges.length,
    cross_module_edges: a.graph.edges.filter((e) => moduleOf(e.from) !== moduleOf(e.to)).length,
    offenders: a.offenders,
  };
}

/** A baseline's text as data; null when it is not a JSON object with a timestamp. */
export function parseBaseline(text: string): Baseline | null {
  try {
    const data = JSON.parse(text) as Baseline;
    return data && typeof data === "object" && typeof data.timestamp === "number" ? data : null;
  } catch {
    return null;
  }
}

export interface Degradation {
  degraded: boolean;
  /** Offenders the baseline does not have (by identity; all of a kind whose count grew when it lists none). */
  introduced: Offender[];
  /** Counts that grew: `cycle_count: 0 -> 1`. */
  counts: string[];
}

const COUNTED: [keyof Baseline, OffenderKind][] = [
  ["cycle_count", "cycle"],
  ["complex_fn_count", "complex_function"],
  ["long_fn_count", "long_function"],
  ["layering_violation_count", "layering"],
];

export function compare(a: Architecture, base: Baseline): Degradation {
  const counts = COUNTED.flatMap(([key, kind]) => {
    const before = base[key];
    return typeof before === "number" && count(a, kind) > before ? [`${key}: ${before} -> ${count(a, kind)}`] : [];
  });
  const known = base.offenders ? new Set(base.offenders.map(offenderKey)) : null;
  const grown = new Set(COUNTED.filter(([key, kind]) => typeof base[key] === "number" && count(a, kind) > (base[key] as number)).map(([, kind]) => kind));
  const introduced = known ? a.offenders.filter((o) => !known.has(offenderKey(o))) : a.offenders.filter((o) => grown.has(o.kind));
  return { degraded: introduced.length > 0 || counts.length > 0, introduced, counts };
}
