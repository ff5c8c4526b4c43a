/** The five bullet-list sections every SOP carries, in canonical order. */
export interface SopSections {
  when: string[];
  do: string[];
  doNot: string[];
  verify: string[];
  escalate: string[];
}

/** One parsed standard operating procedure (`<name>.md`). */
export interface Sop {
  /** Display path of the file, e.g. `.dgov/sops/testing.md` (whatever the caller passed) */
  file: string;
  name: string;
  title: string;
  summary: string;
  appliesTo: string[];
  priority: "must" | "should";
  sections: SopSections;
}

/** Every SOP of a set of folders, with all problems found while reading them. */
export interface SopLoadResult {
  sops: Sop[];
  errors: string[];
  warnings: string[];
}
