/**
 * The dashboard on a long history (issue 18): `dgov ui` of the compiled binary on a store of
 * 100,000 events, opened in headless Chromium (Debian's `chromium`). Measures the page's first
 * paint of the plan (navigation to the DAG drawn, median of RUNS loads) and the server's peak
 * memory (its own VmHWM) over those loads and a catch-up of the whole log over the event stream.
 * Targets: first paint ≤ 1 s, server ≤ 100 MiB. The baseline, in the same run, is a store of
 * one 5-task run. Run: bun run build && bun bench/ui.ts
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { project } from "./history-store.ts";
import { summarize } from "./measure.ts";

const bin = join(import.meta.dir, "..", "dist", "dgov");
const RUNS = 7;
const browserPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => Bun.file(p).size > 0);
if (!browserPath) throw new Error("bench/ui.ts needs Chromium (apt install chromium)");

const hwmMiB = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

async function measure(root: string) {
  const proc = Bun.spawn([bin, "ui", "--json", "--port", "0"], { cwd: root, stdout: "pipe", stderr: "inherit" });
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  let text = "";
  while (!text.includes("}")) text += new TextDecoder().decode((await reader.read()).value);
  const { url } = JSON.parse(text) as { url: string };
  const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  try {
    const samples: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const started = performance.now();
      await page.goto(url);
      await page.waitForSelector("g.node");
      if (i > 0) samples.push(performance.now() - started); // the first load warms up
      await page.close();
    }
    // The whole log over the event stream, as a page opened at event 0 would read it.
    const events = await fetch(`${url.split("?")[0]}api/events?after=0`);
    const reader = events.body!.getReader();
    const total = ((await (await fetch(`${url.split("?")[0]}api/overview`)).json()) as { last_event: number }).last_event;
    let seen = "";
    while (!seen.includes(`id: ${total}\n`)) seen = (seen + new TextDecoder().decode((await reader.read()).value)).slice(-200);
    await reader.cancel();
    return { paint: summarize("first paint", samples), peakMiB: hwmMiB(proc.pid), events: total };
  } finally {
    await browser.close();
    proc.kill();
  }
}

const small = project(5, 20);
const big = project(200, 480);
try {
  const base = await measure(small);
  const m = await measure(big);
  const ok = m.paint.median <= 1000 && m.peakMiB <= 100 ? "ok" : "OVER";
  console.log(
    `dgov ui, ${m.events.toLocaleString("en-US")} events: first paint median ${m.paint.median.toFixed(0)} ms, server peak ${m.peakMiB.toFixed(1)} MiB   ` +
      `baseline (${base.events} events) ${base.paint.median.toFixed(0)} ms / ${base.peakMiB.toFixed(1)} MiB   ratio ${(m.paint.median / base.paint.median).toFixed(2)}× time, ${(m.peakMiB / base.peakMiB).toFixed(2)}× memory   (≤ 1000 ms, ≤ 100 MiB) ${ok}`,
  );
} finally {
  rmSync(small, { recursive: true, force: true });
  rmSync(big, { recursive: true, force: true });
}
