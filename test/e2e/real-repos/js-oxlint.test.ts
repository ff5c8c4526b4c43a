/**
 * A CommonJS package linted by oxlint, formatted by prettier and tested by `node --test` — the
 * real ones (issue 12). `index.js` re-exports the modules; the tests `require('../index.js')`.
 * One run: a correct change lands next to an old finding; a lint error on a changed line, an
 * unformatted edit and a break only the tests through the entry see are each rejected by the
 * right gate (plain JavaScript: no type check). Preflight leaves the tree byte-identical.
 */
import { describeFixture, type Fixture } from "../../fakes/real-repo.ts";
import { linkedNodeTools, nodeTools } from "../../fakes/toolchains.ts";

const tools = nodeTools();
const DEV = { oxlint: tools.devDependencies.oxlint!, prettier: tools.devDependencies.prettier! };

// An old lint finding (an unused variable, an error in this config) on a line no task touches.
const WORDS = '"use strict";\n\nconst legacy = "x";\n\nfunction shout(text) {\n  return text.toUpperCase();\n}\n\nmodule.exports = { shout };\n';
const COUNT = '"use strict";\n\nfunction count(text) {\n  return text.split(/\\s+/).filter(Boolean).length;\n}\n\nmodule.exports = { count };\n';
const PAD = '"use strict";\n\nfunction pad(text, width) {\n  return text.padStart(width);\n}\n\nmodule.exports = { pad };\n';
const SPAN = '"use strict";\n\nfunction span(n) {\n  return Array.from({ length: n }, (_, i) => i);\n}\n\nmodule.exports = { span };\n';

const fixture = (): Fixture => ({
  language: "javascript",
  files: {
    "package.json": `${JSON.stringify({ name: "wordy", version: "2.0.1", main: "index.js", scripts: { test: "node --test test/", lint: "oxlint --deny-warnings", format: "prettier --check ." }, devDependencies: DEV }, null, 2)}\n`,
    ".gitignore": "node_modules/\n",
    ".oxlintrc.json": `${JSON.stringify({ rules: { "no-unused-vars": "error", "no-debugger": "error" } }, null, 2)}\n`,
    ".prettierrc.json": "{}\n",
    "index.js": '"use strict";\n\nmodule.exports = {\n  ...require("./lib/words"),\n  ...require("./lib/count"),\n  ...require("./lib/pad"),\n  ...require("./lib/span"),\n};\n',
    "lib/words.js": WORDS,
    "lib/count.js": COUNT,
    "lib/pad.js": PAD,
    "lib/span.js": SPAN,
    "test/words.test.js": '"use strict";\n\nconst { test } = require("node:test");\nconst assert = require("node:assert");\nconst { shout, count } = require("../index.js");\n\ntest("shout", () => assert.strictEqual(shout("hi"), "HI"));\ntest("count", () => assert.strictEqual(count("a b  c"), 3));\n',
    "test/span.test.js": '"use strict";\n\nconst { test } = require("node:test");\nconst assert = require("node:assert");\nconst { span } = require("../index.js");\n\ntest("span", () => assert.deepStrictEqual(span(3), [0, 1, 2]));\n',
  },
  project: [
    'src_dir = "lib"',
    'test_dir = "test"',
    'source_extensions = [".js", ".jsx", ".mjs", ".cjs"]',
    'setup_cmd = "npm install --no-audit --no-fund"',
    'reuse_dirs = ["node_modules"]',
    'lint_cmd = "node_modules/.bin/oxlint --format json {file}"',
    'lint_fix_cmd = "node_modules/.bin/oxlint --fix {file}"',
    'format_cmd = "node_modules/.bin/prettier --write {file}"',
    'format_check_cmd = "node_modules/.bin/prettier --check {file}"',
    'test_cmd = "node --test {test_dir}"',
  ].join("\n"),
  extra: '[gates.autofix]\nlevel = "off"\n',
  ...linkedNodeTools,
  scenarios: [
    { slug: "good", edit: ["lib/words.js"], writes: { "lib/words.js": WORDS.replace("text.toUpperCase()", "text.trim().toUpperCase()") }, expect: "lands" },
    { slug: "lint", edit: ["lib/count.js"], writes: { "lib/count.js": COUNT.replace("  return text", "  debugger;\n  return text") }, expect: { gate: "lint", finding: ["lib/count.js:4", "no-debugger"] } },
    { slug: "format", edit: ["lib/pad.js"], writes: { "lib/pad.js": PAD.replace("  return text.padStart(width);", "        return text.padStart( width )") }, expect: { gate: "format", finding: ["lib/pad.js"] } },
    { slug: "tests", edit: ["lib/span.js"], writes: { "lib/span.js": SPAN.replace("length: n }", "length: n + 1 }") }, expect: { gate: "tests", finding: ["span"] } },
  ],
});

describeFixture("a CommonJS package: oxlint, prettier, node --test", ["node"], fixture, { what: "a debugger statement on a changed line fails lint", broken: { "lib/count.js": COUNT.replace("  return text", "  debugger;\n  return text") }, gate: "lint", finding: "no-debugger" });
