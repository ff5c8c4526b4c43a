/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran. Append
 * new entries; never edit one that has shipped.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts TEXT NOT NULL,
    event TEXT NOT NULL,
    plan TEXT,
    task TEXT,
    run TEXT,
    pane TEXT,
    data TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX events_by_plan ON events (plan, id);
  CREATE INDEX events_by_task ON events (plan, task, id);
  CREATE INDEX events_by_type ON events (event, id);

  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    plan TEXT NOT NULL,
    plan_dir TEXT NOT NULL,
    pid INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT,
    summary TEXT
  );
  CREATE INDEX runs_by_plan ON runs (plan, started_at);

  CREATE TABLE artifacts (
    plan TEXT NOT NULL,
    task TEXT NOT NULL,
    worktree TEXT NOT NULL,
    branch TEXT NOT NULL,
    base_sha TEXT NOT NULL,
    pane TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    pid INTEGER,
    state TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (plan, task)
  );

  CREATE TABLE dispatch_runs (
    id TEXT PRIMARY KEY,
    run TEXT NOT NULL,
    plan TEXT NOT NULL,
    task TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    pane TEXT NOT NULL,
    backend TEXT NOT NULL,
    agent TEXT NOT NULL,
    worktree TEXT NOT NULL,
    base_sha TEXT NOT NULL,
    dispatched_at TEXT NOT NULL,
    state TEXT NOT NULL,
    exit_code INTEGER,
    error TEXT,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    terminated_at TEXT
  );
  CREATE INDEX dispatch_runs_by_task ON dispatch_runs (plan, task, dispatched_at);
  `,
  `
  CREATE TABLE process_groups (
    pid INTEGER PRIMARY KEY,
    run TEXT NOT NULL,
    started TEXT NOT NULL
  );
  `,
  // What each attempt's worker did, turn by turn: model text, tool calls and their results
  // (bounded), plain output lines. Gate runs stay events (gate_completed), joined by pane.
  `
  CREATE TABLE transcripts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan TEXT NOT NULL,
    task TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    run TEXT NOT NULL,
    pane TEXT NOT NULL,
    ts TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX transcripts_by_task ON transcripts (plan, task, attempt, id);
  `,
  // The operator's durable memory (spec core-engine §3.8); paths as a JSON array.
  `
  CREATE TABLE ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    category TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    created_at TEXT NOT NULL,
    resolved_at TEXT,
    paths TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX ledger_by_status ON ledger (status, id);
  `,
];
