/** Cards, tables and empty states: the building blocks of every section. */
import { provenanceOf } from "../../src/views/provenance.ts";
import { escapeHtml, sourceText } from "./format.ts";

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** What a value rests on (src/views/provenance.ts, shared with the server's envelope). */
export const provenance = provenanceOf;

export interface Card {
  root: HTMLElement;
  body: HTMLElement;
  /** A chart container (the chart is drawn into it). */
  chart(className?: string): HTMLElement;
  /** The provenance line: sources and as-of date of what the card shows (a value holding figures, series or rows). */
  foot(data: unknown, note?: string): void;
}

export function card(parent: HTMLElement, title: string, opts: { wide?: boolean; id?: string } = {}): Card {
  const root = h("article", { class: `card${opts.wide ? " wide" : ""}`, ...(opts.id ? { "data-card": opts.id } : {}) });
  root.append(h("h3", {}, title));
  const body = h("div", { class: "card-body" });
  root.append(body);
  parent.append(root);
  return {
    root,
    body,
    chart(className = "chart") {
      const el = h("div", { class: className, role: "img", "aria-label": title });
      body.append(el);
      return el;
    },
    foot(data, note) {
      const p = provenance(data);
      const f = h("p", { class: "prov" });
      const span = p.from && p.to && p.from !== p.to ? ` <span class="span">Data ${escapeHtml(p.from)} to ${escapeHtml(p.to)}</span>` : "";
      f.innerHTML = `<span>Source: ${escapeHtml(sourceText(p.sources))}</span> <span>As of ${escapeHtml(p.asOf ?? "–")}</span>${span}${note ? ` <span class="note">${escapeHtml(note)}</span>` : ""}`;
      root.append(f);
    },
  };
}

/** An empty state: what is missing and what to import or update. */
export function empty(parent: HTMLElement, message: string, hint?: string): HTMLElement {
  const el = h("div", { class: "empty", "data-empty": "1" });
  el.append(h("p", {}, message));
  if (hint) el.append(h("p", { class: "hint" }, hint));
  parent.append(el);
  return el;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface Column<R> {
  head: string;
  cell: (row: R) => string;
  title?: (row: R) => string;
  cls?: (row: R) => string;
}

export function table<R>(parent: HTMLElement, rows: R[], columns: Column<R>[], caption?: string): HTMLTableElement {
  const wrap = h("div", { class: "table-wrap" });
  const t = h("table");
  if (caption) t.append(h("caption", {}, caption));
  const head = h("tr");
  for (const c of columns) head.append(h("th", { scope: "col" }, c.head));
  const thead = h("thead");
  thead.append(head);
  t.append(thead);
  const body = h("tbody");
  for (const r of rows) {
    const tr = h("tr");
    columns.forEach((c, i) => {
      const td = h(i === 0 ? "th" : "td", i === 0 ? { scope: "row" } : {}, c.cell(r));
      const title = c.title?.(r);
      if (title) td.title = title;
      const cls = [c.cls?.(r), ISO_DATE.test(td.textContent ?? "") ? "date" : ""].filter(Boolean).join(" ");
      if (cls) td.className = cls;
      tr.append(td);
    });
    body.append(tr);
  }
  t.append(body);
  wrap.append(t);
  parent.append(wrap);
  return t;
}

/**
 * A filter predicate keeping the items whose chart series `key` was sent (not null), typed so:
 * `symbols.filter(hasSeries("growth"))`.
 */
export const hasSeries =
  <K extends string>(key: K) =>
  <T extends { series: { [P in K]: unknown } }>(item: T): item is T & { series: { [P in K]: NonNullable<T["series"][P]> } } =>
    Boolean(item.series[key]);

export const signClass = (v: number | null | undefined) => (v === null || v === undefined ? "" : v > 0 ? "pos" : v < 0 ? "neg" : "");
