import { definePlugin, defineToolchain } from "dgov/plugin";
import { detectPython } from "./detect.ts";

/** Python: uv or a plain interpreter; ruff; pytest; mypy, pyright or ty. */
export default definePlugin({
  name: "python",
  api: 1,
  description: "Python toolchain: uv, ruff, pytest, mypy/pyright/ty",
  toolchains: [
    defineToolchain({
      name: "python",
      description: "uv or plain python; ruff lint and format; pytest; mypy, pyright or ty",
      detect: detectPython,
    }),
  ],
});
