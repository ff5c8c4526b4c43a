import type { Command } from "./define.ts";

/** One entry of the command table: a description and a lazy loader, or a group of subcommands. */
export interface CommandEntry {
  description: string;
  load?: () => Promise<Command>;
  sub?: Record<string, CommandEntry>;
  /** The subcommand a bare group runs (`dgov plugins` = `dgov plugins list`). */
  defaultSub?: string;
  /** Internal: not listed in help, not suggested for typos (the agent process entry). */
  hidden?: boolean;
}

const lazy = (load: () => Promise<{ default: unknown }>) => async () => (await load()).default as Command;

/**
 * Every command, with its one-line description. Implementations load only when their
 * command runs, so `--help` and `--version` stay fast.
 */
export const COMMANDS: Record<string, CommandEntry> = {
  __worker: {
    description: "Internal: one agent process of a run (dgov __worker --spec <file>)",
    load: lazy(() => import("../worker/command.ts")),
    hidden: true,
  },
  demo: {
    description: "Run a real plan offline: a demo repo, dgov's LLM worker and an embedded scripted model",
    load: lazy(() => import("./commands/demo.ts")),
  },
  init: {
    description: "Detect the repo's toolchain and write .dgov/ (project.toml, governor.md, sops/)",
    load: lazy(() => import("./commands/init.ts")),
  },
  config: {
    description: "Print the resolved .dgov/project.toml with every default applied",
    load: lazy(() => import("./commands/config.ts")),
  },
  "init-plan": {
    description: "Scaffold a new plan under .dgov/plans/<name>/ (also: dgov plan init)",
    load: lazy(() => import("./commands/init-plan.ts")),
  },
  compile: {
    description: "Compile a plan tree into a checked DAG: <plan>/_compiled.toml",
    load: lazy(() => import("./commands/compile.ts")),
  },
  validate: {
    description: "Check a plan tree or a compiled plan without writing anything",
    load: lazy(() => import("./commands/validate.ts")),
  },
  run: {
    description: "Compile a plan and run it: worktrees, workers, settlement, merges",
    load: lazy(() => import("./commands/run.ts")),
  },
  fix: {
    description: "Fix something in a few files: a one-task plan, run through the same pipeline",
    load: lazy(() => import("./commands/fix.ts")),
  },
  status: {
    description: "What is running and what needs attention, per plan (bare `dgov` too)",
    load: lazy(() => import("./commands/status.ts")),
  },
  watch: {
    description: "Follow the event log live (filters by plan, task, event; --json lines)",
    load: lazy(() => import("./commands/watch.ts")),
  },
  show: {
    description: "A task's story: attempts, settlement phases, gates with their findings, verdict, tokens, next commands",
    load: lazy(() => import("./commands/show.ts")),
  },
  log: {
    description: "A task's transcript: the model's text, tool calls with their results, retries, errors, summary",
    load: lazy(() => import("./commands/log.ts")),
  },
  diff: {
    description: "What a task landed, or what its kept worktree changed",
    load: lazy(() => import("./commands/diff.ts")),
  },
  diagnose: {
    description: "Match known failure shapes in the history and the repo; one card each with the command to run next",
    load: lazy(() => import("./commands/diagnose.ts")),
  },
  ledger: {
    description: "The operator's durable memory: entries on paths, given to the tasks that touch them",
    defaultSub: "list",
    sub: {
      add: { description: "Add an entry (bug, rule, decision, …) for files or folders", load: lazy(() => import("./commands/ledger-add.ts")) },
      list: { description: "Entries, newest first (--all, -c category, -s status, -q text)", load: lazy(() => import("./commands/ledger-list.ts")) },
      resolve: { description: "Mark an entry resolved: no prompt carries it any more", load: lazy(() => import("./commands/ledger-resolve.ts")) },
      promote: { description: "Make an entry a learned rule (.dgov/rules/learned.json) every worker is told", load: lazy(() => import("./commands/ledger-promote.ts")) },
    },
  },
  sentrux: {
    description: "Architecture: import cycles, layering rules, function limits against .sentrux/baseline.json (the sentrux binary when configured, else native)",
    defaultSub: "status",
    sub: {
      status: { description: "Which engine judges, and the baseline: where, when, what it holds", load: lazy(() => import("./commands/sentrux-status.ts")) },
      check: { description: "The tree's architecture: import graph, cycles, offenders", load: lazy(() => import("./commands/sentrux-check.ts")) },
      gate: { description: "Compare the tree with the baseline: exit 1 on degradation, listing new offenders", load: lazy(() => import("./commands/sentrux-gate.ts")) },
      "gate-save": { description: "Save the tree's architecture as .sentrux/baseline.json", load: lazy(() => import("./commands/sentrux-gate-save.ts")) },
      offenders: { description: "Every offender of the tree, new and pre-existing against the baseline", load: lazy(() => import("./commands/sentrux-offenders.ts")) },
    },
  },
  "coverage-baseline": {
    description: "Run coverage_cmd in the project root and save .coverage-baseline/coverage.json, the coverage gate's baseline",
    load: lazy(() => import("./commands/coverage-baseline.ts")),
  },
  clean: {
    description: "Remove leftover task worktrees, their branches and output folders",
    load: lazy(() => import("./commands/clean.ts")),
  },
  prune: {
    description: "Drop stale runtime rows and finished dispatch records (events stay)",
    load: lazy(() => import("./commands/prune.ts")),
  },
  plan: {
    description: "Plans: create one from a goal, their state, what has been deployed, what the last run did",
    sub: {
      init: {
        description: "Scaffold a new plan under .dgov/plans/<name>/ (the same as dgov init-plan)",
        load: lazy(() => import("./commands/init-plan.ts")),
      },
      archive: {
        description: "Move a plan to .dgov/plans/archive/<name>/ (the same as dgov archive-plan)",
        load: lazy(() => import("./commands/archive-plan.ts")),
      },
      status: {
        description: "Deployed vs pending units of one plan, and whether it is stale",
        load: lazy(() => import("./commands/plan-status.ts")),
      },
      list: {
        description: "Every plan under .dgov/plans/ with its state",
        load: lazy(() => import("./commands/plan-list.ts")),
      },
      create: {
        description: "A planner agent turns a goal into a plan that compiles (--run: and runs it)",
        load: lazy(() => import("./commands/plan-create.ts")),
      },
      abandon: {
        description: "Dismiss a plan's failed or halted run from `dgov status` (nothing is deleted)",
        load: lazy(() => import("./commands/plan-abandon.ts")),
      },
      review: {
        description: "Debrief of a plan's last run: each task's state, attempts, error and failing gates with findings",
        load: lazy(() => import("./commands/plan-review.ts")),
      },
      remediate: {
        description: "Scaffold a follow-up plan from the last run's failed, skipped and unverified tasks",
        load: lazy(() => import("./commands/plan-remediate.ts")),
      },
    },
  },
  verify: {
    description: "Verification recipes: [verify.<name>] commands and plugin recipes",
    defaultSub: "list",
    sub: {
      list: {
        description: "Every verification recipe, from project.toml and from plugins",
        load: lazy(() => import("./commands/verify-list.ts")),
      },
      run: {
        description: "Run recipes (all, or those named) in the project root; logs under .dgov/runtime/verify/",
        load: lazy(() => import("./commands/verify-run.ts")),
      },
    },
  },
  preflight: {
    description: "Run settlement's review and isolated gates on your uncommitted changes (nothing committed)",
    load: lazy(() => import("./commands/preflight.ts")),
  },
  scope: {
    description: "Check changes against a task's claims and the [scope] policy",
    defaultSub: "status",
    sub: {
      status: {
        description: "Claimed, modified, unclaimed and transiently written files, and what would block settlement",
        load: lazy(() => import("./commands/scope-status.ts")),
      },
    },
  },
  "archive-plan": {
    description: "Move a plan to .dgov/plans/archive/<name>/ (also: dgov plan archive)",
    load: lazy(() => import("./commands/archive-plan.ts")),
  },
  tools: {
    description: "Inspect worker tools and how workers used them",
    defaultSub: "audit",
    sub: {
      audit: {
        description: "Per-tool call counts, failure rates, output sizes and error kinds from the event log",
        load: lazy(() => import("./commands/tools-audit.ts")),
      },
    },
  },
  plugins: {
    description: "Inspect plugins: built-ins, .dgov/plugins/ and [plugins] load entries",
    defaultSub: "list",
    sub: {
      list: {
        description: "List every plugin and its contributions (kind, phase/order, source)",
        load: lazy(() => import("./commands/plugins-list.ts")),
      },
    },
  },
  help: {
    description: "Help on a command: dgov help [command …] (the same as dgov <command> --help)",
    load: lazy(() => import("./commands/help.ts")),
  },
  version: {
    description: "Print the version (the same as dgov --version)",
    load: lazy(() => import("./commands/version.ts")),
  },
  completion: {
    description: "Print a shell completion script: dgov completion bash|zsh|fish",
    load: lazy(() => import("./commands/completion.ts")),
  },
  schema: {
    description: "Print the JSON Schema of .dgov/project.toml or of plan files, for editors: dgov schema project|plan",
    load: lazy(() => import("./commands/schema.ts")),
  },
  ui: {
    description: "Serve a live dashboard of the plans and runs (DAG, task timeline, transcript, diff) on 127.0.0.1",
    load: lazy(() => import("./commands/ui.ts")),
  },
  doctor: {
    description: "Check the machine and the project: config files, git, sandbox, configured commands, providers and their model, disk, withheld worker tools",
    load: lazy(() => import("./commands/doctor.ts")),
  },
};
