/** Dashboard state, kept in the URL query so every view is a link (deep links restore it). */
import type { QueryParams } from "./api.ts";

export interface State {
  from: string | null;
  to: string | null;
  benchmark: string | null;
  log: boolean;
  theme: "auto" | "light" | "dark";
  /** Years of the rolling-return chart. */
  roll: number;
  /** Rolling volatility window in sessions. */
  vol: 21 | 63 | 252;
  /** Return basis: price (default) or total where adjusted closes are stored. */
  basis: "price" | "total";
  /** Window rule: the dates every compared series has (default), or each series' full history. */
  span: "common" | "full";
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export function readState(search = location.search): State {
  const q = new URLSearchParams(search);
  const date = (k: string) => {
    const v = q.get(k);
    return v && ISO.test(v) ? v : null;
  };
  const theme = q.get("theme");
  const roll = Number(q.get("roll"));
  const vol = Number(q.get("vol"));
  const bench = q.get("benchmark");
  return {
    from: date("from"),
    to: date("to"),
    benchmark: bench && /^[A-Za-z0-9^][A-Za-z0-9^.=-]{0,31}$/.test(bench) ? bench : null,
    log: q.get("log") === "1",
    theme: theme === "light" || theme === "dark" ? theme : "auto",
    roll: [1, 3, 5, 10].includes(roll) ? roll : 1,
    vol: vol === 21 || vol === 252 ? vol : 63,
    basis: q.get("basis") === "total" ? "total" : "price",
    span: q.get("span") === "full" ? "full" : "common",
  };
}

export function stateQuery(s: State): string {
  const q = new URLSearchParams();
  if (s.from) q.set("from", s.from);
  if (s.to) q.set("to", s.to);
  if (s.benchmark) q.set("benchmark", s.benchmark);
  if (s.log) q.set("log", "1");
  if (s.theme !== "auto") q.set("theme", s.theme);
  if (s.roll !== 1) q.set("roll", String(s.roll));
  if (s.vol !== 63) q.set("vol", String(s.vol));
  if (s.basis !== "price") q.set("basis", s.basis);
  if (s.span !== "common") q.set("span", s.span);
  const text = q.toString();
  return text ? `?${text}` : "";
}

export function writeState(s: State, replace = false): void {
  const url = `${location.pathname}${stateQuery(s)}${location.hash}`;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
}

/** The API parameters of the window controls, in URL order (symbols default on the server). */
export function windowParams(s: State): QueryParams {
  const q: QueryParams = {};
  if (s.from) q.from = s.from;
  if (s.to) q.to = s.to;
  if (s.benchmark) q.benchmark = s.benchmark;
  if (s.basis !== "price") q.basis = s.basis;
  if (s.span !== "common") q.span = s.span;
  return q;
}
