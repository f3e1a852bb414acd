/**
 * The r2k dashboard: controls (date range, benchmark, log scale, theme) kept in the URL, and
 * one section per question, each drawn from the read-only JSON API.
 */
import "./style.css";
import { type AnyResponse, ApiError, apiClient, type ApiResponse, type MeasuredWindow } from "./api.ts";
import { disposeAll } from "./charts.ts";
import { SECTIONS, type SectionContext } from "./sections.ts";
import { readState, windowParams, writeState, type State } from "./state.ts";
import { empty, h } from "./ui.ts";

let state: State = readState();
let generation = 0;
let catalog: ApiResponse<"/api/series"> | null = null;
const app = document.getElementById("app") as HTMLElement;
const form = document.getElementById("controls") as HTMLFormElement;
const banner = document.getElementById("demo-banner") as HTMLElement;
const staleBanner = document.getElementById("stale-banner") as HTMLElement;
const updateStatus = document.getElementById("update-status") as HTMLElement;
const windowLine = document.getElementById("window-line") as HTMLElement;

function applyTheme(): void {
  const dark = state.theme === "dark" || (state.theme === "auto" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

function showDemo(on: boolean): void {
  if (on) banner.hidden = false;
}

function syncControls(): void {
  const f = form.elements;
  (f.namedItem("from") as HTMLInputElement).value = state.from ?? "";
  (f.namedItem("to") as HTMLInputElement).value = state.to ?? "";
  (f.namedItem("log") as HTMLInputElement).checked = state.log;
  (f.namedItem("theme") as HTMLSelectElement).value = state.theme;
  (f.namedItem("basis") as HTMLSelectElement).value = state.basis;
  (f.namedItem("span") as HTMLSelectElement).value = state.span;
  const bench = f.namedItem("benchmark") as HTMLSelectElement;
  bench.value = state.benchmark ?? catalog?.defaults?.benchmark ?? "";
}

function update(patch: Partial<State>): void {
  state = { ...state, ...patch };
  writeState(state);
  applyTheme();
  void render();
}

function shiftYears(iso: string, years: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  const day = Math.min(d, new Date(Date.UTC(y - years, m, 0)).getUTCDate());
  return `${String(y - years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function lastDate(): string | null {
  const prices = (catalog?.series ?? []).filter((s) => s.table === "bars" && (s.kind === "index" || s.kind === "etf"));
  return prices.reduce<string | null>((m, s) => (m === null || s.last > m ? s.last : m), null);
}

function wireControls(): void {
  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("change", (e) => {
    const t = e.target as HTMLInputElement;
    if (t.name === "from" || t.name === "to") {
      const v = t.value || null;
      if (v !== null && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return;
      update({ [t.name]: v } as Partial<State>);
    } else if (t.name === "benchmark") update({ benchmark: t.value || null });
    else if (t.name === "log") update({ log: t.checked });
    else if (t.name === "theme") update({ theme: t.value as State["theme"] });
    else if (t.name === "basis") update({ basis: t.value === "total" ? "total" : "price" });
    else if (t.name === "span") update({ span: t.value === "full" ? "full" : "common" });
  });
  for (const b of form.querySelectorAll<HTMLButtonElement>("[data-years]")) {
    b.addEventListener("click", () => {
      const years = Number(b.dataset.years);
      const end = state.to ?? lastDate();
      update(years === 0 || !end ? { from: null, to: null } : { from: shiftYears(end, years), to: state.to });
    });
  }
  window.addEventListener("popstate", () => {
    state = readState();
    applyTheme();
    syncControls();
    void render();
  });
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (state.theme === "auto") {
      applyTheme();
      void render();
    }
  });
}

async function render(): Promise<void> {
  const mine = ++generation;
  document.body.dataset.ready = "0";
  disposeAll();
  syncControls();
  const onResponse = (d: AnyResponse) => {
    if (!("meta" in d)) return;
    if (d.meta.demo) showDemo(true);
    if ("window" in d.meta && d.meta.window && mine === generation) showWindow(d.meta.window, d.meta.basis);
  };
  windowLine.textContent = "";
  const ctx: SectionContext = {
    state,
    api: apiClient({ window: () => windowParams(state), onResponse }),
    update,
  };
  app.replaceChildren();
  const toc = document.querySelector(".toc") as HTMLElement;
  toc.replaceChildren(...SECTIONS.map((s) => h("a", { href: `#${s.id}` }, s.title)));
  const jobs = SECTIONS.map(async (s) => {
    const sec = h("section", { id: s.id, class: "section", "data-section": s.id });
    sec.append(h("h2", {}, s.title), h("p", { class: "intro" }, s.intro));
    const content = h("div", { class: "grid" });
    sec.append(content);
    app.append(sec);
    try {
      await s.render(content, ctx);
    } catch (err) {
      if (mine !== generation) return;
      content.replaceChildren();
      const msg = err instanceof ApiError ? err.message : `could not draw this section: ${(err as Error).message}`;
      empty(content, msg, err instanceof ApiError && err.status === 400 ? "Check the date range and benchmark above." : undefined);
    }
  });
  await Promise.all(jobs);
  if (mine === generation) {
    for (const grid of app.querySelectorAll<HTMLElement>(".grid")) balance(grid);
    document.body.dataset.ready = "1";
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }
}

/** The window every measured section uses, and why, stated once above them. */
function showWindow(w: MeasuredWindow, basis: string | null): void {
  const text = `Measured over ${w.text}. Returns: ${basis === "total" ? "total return where adjusted closes are stored, price elsewhere" : "price (no dividends)"}.`;
  if (windowLine.textContent !== text) windowLine.textContent = text;
}

/**
 * No half-empty rows: in a two-column grid, a half-width card left alone on its row (an odd
 * one before a wide card or at the end) is widened to the full row.
 */
function balance(grid: HTMLElement): void {
  let run: HTMLElement[] = [];
  const close = () => {
    if (run.length % 2 === 1) run[run.length - 1].classList.add("wide");
    run = [];
  };
  for (const el of Array.from(grid.children) as HTMLElement[]) {
    if (!el.classList.contains("card")) {
      // A wrapper of cards (display: contents) takes part in the same rows.
      if (getComputedStyle(el).display === "contents") {
        for (const c of Array.from(el.children) as HTMLElement[]) {
          if (c.classList.contains("wide")) close();
          else run.push(c);
        }
        continue;
      }
      close();
      continue;
    }
    if (el.classList.contains("wide")) close();
    else run.push(el);
  }
  close();
}

/** The stale-data banner (which series lag the calendar, and since when) and the line on the store's updates. */
async function showStaleness(): Promise<void> {
  try {
    const health = await apiClient().health();
    const st = health.staleness;
    if (st.stale && st.message) {
      staleBanner.textContent = st.message;
      staleBanner.hidden = false;
    }
    const u = health.update;
    const parts = [u.last ? `Last ${u.last.text}.` : null, u.plan ? `This server updates the data ${u.plan}${u.next ? `; next ${u.next.slice(0, 16).replace("T", " ")} UTC` : ""}.` : null].filter(Boolean);
    if (parts.length) {
      updateStatus.textContent = parts.join(" ");
      updateStatus.hidden = false;
    }
  } catch {
    // The health check is advisory: the sections report their own errors.
    staleBanner.hidden = true;
  }
}

async function start(): Promise<void> {
  applyTheme();
  wireControls();
  void showStaleness();
  try {
    catalog = await apiClient().seriesList({ kind: "index,etf,macro" });
  } catch (err) {
    app.replaceChildren();
    empty(app, `The r2k server did not answer: ${(err as Error).message}`, "Is `r2k serve` running?");
    return;
  }
  showDemo(catalog.meta.demo);
  const bench = form.elements.namedItem("benchmark") as HTMLSelectElement;
  for (const s of catalog.series) {
    if (s.table === "bars" && (s.kind === "index" || s.kind === "etf")) bench.append(new Option(`${s.id}: ${s.name}`, s.id));
  }
  const prices = catalog.series.filter((s) => s.table === "bars");
  if (prices.length === 0) {
    app.replaceChildren();
    empty(
      app,
      "Nothing is stored yet, so there is nothing to measure.",
      "Import price files (r2k import ~/Downloads/^RUT.csv or a folder) or fetch them (r2k update), then restart r2k serve. To look around first, r2k demo generates the synthetic demo market in its own file and r2k serve --demo shows it.",
    );
    document.body.dataset.ready = "1";
    return;
  }
  await render();
}

void start();
