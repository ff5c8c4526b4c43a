/*
 * A diagnosis card (`dgov diagnose`): a failure shape matched in the store or the repo, the
 * evidence for it, what to do next (commands first) and what not to do.
 */

export interface Card {
  /** The shape's stable name, e.g. `scope_violation`, `tests_failed`, `provider_auth`. */
  shape: string;
  /** What has to change: claims, code, config, capacity, budget, plan, resume, checkout, repo. */
  intent: string;
  plan: string | null;
  task: string | null;
  evidence: string[];
  /** The next actions, the first the one to take; commands are given as they are typed. */
  next: string[];
  doNot: string;
}

const ASSERTION = /^\s*(error\b|Expected|Received|AssertionError|assert|E\s{2,}|FAIL|✗|\(fail\)|[-+] (Expected|Received)|panicked|thread '.*' panicked|--- FAIL)/;
const MAX_EVIDENCE = 8;

/**
 * The lines of a finding's message that say what broke: its first line, then the assertion
 * lines (`Expected: 1` / `Received: 10`, `error: …`, `FAIL`) when it has any, else the next few.
 */
export function keyLines(message: string, max = MAX_EVIDENCE): string[] {
  const lines = message.replace(/\s+$/, "").split("\n");
  const [first = "", ...rest] = lines;
  const telling = rest.filter((l) => ASSERTION.test(l));
  const chosen = (telling.length ? telling : rest.filter((l) => l.trim())).slice(0, max - 1).map((l) => l.trim());
  const left = (telling.length ? telling.length : rest.filter((l) => l.trim()).length) - chosen.length;
  return [first, ...chosen, ...(left > 0 ? [`… (${left} more; dgov show has the whole output)`] : [])];
}

/** One card as text. */
export function cardLines(c: Card): string[] {
  const where = [c.plan ? `plan ${c.plan}` : null, c.task].filter(Boolean).join(" · ");
  const lines = [`${c.shape}  [${c.intent}]${where ? `  ${where}` : ""}`, "  evidence:"];
  lines.push(...c.evidence.map((e) => `    ${e}`));
  lines.push("  next:", ...c.next.map((n) => `    ${n}`), `  do not: ${c.doNot}`);
  return lines;
}

export const NO_MATCH = "No failure shapes matched current repo state.";

export function cardsText(cards: readonly Card[]): string {
  if (cards.length === 0) return NO_MATCH;
  return cards.flatMap((c, i) => (i ? ["", ...cardLines(c)] : cardLines(c))).join("\n");
}

export function cardJson(c: Card) {
  return { shape: c.shape, intent: c.intent, plan: c.plan, task: c.task, evidence: c.evidence, next: c.next, do_not: c.doNot };
}
