// The dashboard's views. Each takes its root element and its route parameters, fills the root, and
// returns what to do when the user leaves it (stop polling).
import { call, deployment, logs, run } from "./api.js";
import { format, parse, render, validatorText } from "./values.js";

/** el("tag.class#id", {attr: value, onclick: f}, ...children) */
function el(spec, attrs = {}, ...children) {
  const [, tag, rest] = /^([a-z0-9]+)(.*)$/.exec(spec);
  const node = document.createElement(tag);
  for (const part of rest.match(/[.#][^.#]+/g) ?? []) {
    if (part[0] === ".") node.classList.add(part.slice(1));
    else node.id = part.slice(1);
  }
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function errorText(e) {
  return el("p.error", { role: "alert" }, e.message);
}

const PAGE_SIZE = 50;

// ---- Data: tables, a paged browser filtered by index, a document view with edit/insert/delete

export function dataView(root, [tableParam, idParam]) {
  const tablesPanel = el("section.panel#tables", {}, el("h2", {}, "Tables"));
  const browser = el("section.panel#browser");
  root.append(el("div.split", {}, tablesPanel, browser));
  let tables = [];
  const state = { table: tableParam, index: "by_creation_time", values: [], order: "asc", cursors: [null], pageNo: 0, selected: idParam };

  async function loadTables() {
    try {
      tables = await run("_system/dashboard/tables:list", {});
    } catch (e) {
      tablesPanel.replaceChildren(el("h2", {}, "Tables"), errorText(e));
      return;
    }
    const list = el("ul.list#table-list");
    for (const t of tables) {
      list.append(el(`li.table${t.name === state.table ? ".selected" : ""}`, { "data-table": t.name, onclick: () => (location.hash = `#/data/${encodeURIComponent(t.name)}`) },
        el("span.name", {}, t.name), el("span.count", { title: "documents" }, String(t.documents))));
    }
    if (tables.length === 0) list.append(el("li.muted", {}, "No tables yet."));
    tablesPanel.replaceChildren(el("h2", {}, "Tables"), list, el("div.toolbar", {}, el("button.quiet#new-document", { type: "button", onclick: () => editor(null) }, "Insert document…")));
    if (state.table) await loadPage();
    else browser.replaceChildren(el("p.muted", {}, "Choose a table."));
  }

  function indexesOf(name) {
    return tables.find((t) => t.name === name)?.indexes ?? [{ name: "by_creation_time", fields: ["_creationTime"] }];
  }

  function filterBar() {
    const indexes = indexesOf(state.table);
    const select = el("select#index", { "aria-label": "index", onchange: () => { state.index = select.value; state.values = []; filters.replaceChildren(...valueInputs()); } },
      ...indexes.map((i) => el("option", { value: i.name, selected: i.name === state.index }, `${i.name} (${i.fields.join(", ")})`)));
    const fieldsOf = () => indexes.find((i) => i.name === select.value)?.fields ?? [];
    const valueInputs = () => fieldsOf().map((f, n) => el("input.index-value", { "data-field": f, placeholder: `${f} ==`, value: state.values[n] ?? "", size: 14 }));
    const filters = el("span#index-values", {}, ...valueInputs());
    const order = el("select#order", { "aria-label": "order" }, el("option", { value: "asc", selected: state.order === "asc" }, "ascending"), el("option", { value: "desc", selected: state.order === "desc" }, "descending"));
    const apply = el("button#apply-filter", { type: "button", onclick: () => {
      const texts = [...filters.querySelectorAll("input")].map((i) => i.value.trim());
      const last = texts.findLastIndex((t) => t !== "");
      state.values = texts.slice(0, last + 1);
      state.index = select.value;
      state.order = order.value;
      state.cursors = [null];
      state.pageNo = 0;
      loadPage();
    } }, "Apply");
    return el("div.toolbar", {}, el("label", {}, "Index "), select, filters, order, apply);
  }

  async function loadPage() {
    let values;
    try {
      const fields = indexesOf(state.table).find((i) => i.name === state.index)?.fields ?? [];
      values = state.values.map((t, n) => {
        if (t === "") throw new Error(`give a value for every field before the last one (${fields[n]} is empty)`);
        try {
          return parse(t);
        } catch (e) {
          throw new Error(`${fields[n]}: ${e.message}${/^[A-Za-z]/.test(t) ? ' (a string needs quotes: "text")' : ""}`);
        }
      });
    } catch (e) {
      browser.replaceChildren(filterBar(), errorText(e));
      return;
    }
    const args = { table: state.table, order: state.order, paginationOpts: { numItems: PAGE_SIZE, cursor: state.cursors[state.pageNo] } };
    if (state.index !== "by_creation_time" || values.length > 0) args.index = state.index;
    if (values.length > 0) args.values = values;
    let result;
    try {
      result = await run("_system/dashboard/tables:page", args);
    } catch (e) {
      browser.replaceChildren(el("h2", {}, state.table), filterBar(), errorText(e));
      return;
    }
    state.cursors[state.pageNo + 1] = result.isDone ? undefined : result.continueCursor;
    const docs = result.page;
    const columns = ["_id"];
    for (const d of docs) for (const k of Object.keys(d)) if (!columns.includes(k) && k !== "_creationTime") columns.push(k);
    columns.push("_creationTime");
    const body = el("tbody");
    for (const d of docs) {
      const row = el(`tr.document${d._id === state.selected ? ".selected" : ""}`, { "data-id": d._id, onclick: () => { state.selected = d._id; show(d, result.idTables); for (const r of body.children) r.classList.toggle("selected", r === row); } },
        ...columns.map((c) => el("td", { "data-field": c }, d[c] === undefined ? "" : el("span.mono", {}, render(d[c], result.idTables)))));
      body.append(row);
    }
    const pager = el("div.toolbar#pager", {},
      el("button.quiet#prev-page", { type: "button", disabled: state.pageNo === 0, onclick: () => { state.pageNo--; loadPage(); } }, "Previous"),
      el("span.muted#page-info", {}, `page ${state.pageNo + 1}, ${docs.length} document${docs.length === 1 ? "" : "s"}`),
      el("button.quiet#next-page", { type: "button", disabled: result.isDone, onclick: () => { state.pageNo++; loadPage(); } }, "Next"));
    const docPanel = el("div#document");
    browser.replaceChildren(el("h2", {}, state.table), filterBar(),
      docs.length === 0 ? el("p.muted#no-documents", {}, "No documents.") : el("table.documents", {}, el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", {}, c)))), body),
      pager, docPanel);
    const selected = docs.find((d) => d._id === state.selected);
    if (selected) show(selected, result.idTables);
  }

  function show(doc, idTables) {
    const panel = browser.querySelector("#document");
    panel.replaceChildren(el("div.panel", {},
      el("h2", {}, "Document"),
      el("pre.value#document-value", {}, render(doc, idTables)),
      el("div.toolbar", {},
        el("button#edit-document", { type: "button", onclick: () => editor(doc) }, "Edit"),
        el("button.danger#delete-document", { type: "button", onclick: async () => {
          if (!confirm(`Delete ${doc._id}?`)) return;
          try {
            await run("_system/dashboard/documents:remove", { ids: [doc._id] });
            state.selected = undefined;
            await loadTables();
          } catch (e) {
            panel.append(errorText(e));
          }
        } }, "Delete"))));
  }

  /** Edits doc (replace) or, with doc null, a new document (insert into a table the user names). */
  function editor(doc) {
    const text = el("textarea#document-editor", { spellcheck: "false", "aria-label": "document" });
    text.value = doc ? format(Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith("_")))) : "{\n  \n}";
    const tableInput = el("input#insert-table", { value: state.table ?? "", placeholder: "table", "aria-label": "table" });
    const message = el("div");
    const save = el("button#save-document", { type: "button", onclick: async () => {
      message.replaceChildren();
      try {
        const value = parse(text.value);
        if (doc) {
          await run("_system/dashboard/documents:replace", { id: doc._id, document: value });
          state.selected = doc._id;
        } else {
          const id = await run("_system/dashboard/documents:insert", { table: tableInput.value.trim(), document: value });
          state.selected = id;
          if (state.table !== tableInput.value.trim()) {
            location.hash = `#/data/${encodeURIComponent(tableInput.value.trim())}/${encodeURIComponent(id)}`;
            return;
          }
        }
        await loadTables();
      } catch (e) {
        message.replaceChildren(errorText(e));
      }
    } }, doc ? "Save" : "Insert");
    const host = browser.querySelector("#document") ?? browser;
    host.replaceChildren(el("div.panel", {},
      el("h2", {}, doc ? `Edit ${doc._id}` : "Insert a document"),
      doc ? null : el("div.toolbar", {}, el("label", { for: "insert-table" }, "Table "), tableInput),
      el("p.muted", {}, "JSON, with 123n for an int64 and Bytes(\"base64\") for bytes. _id and _creationTime are kept."),
      text, message,
      el("div.toolbar", {}, save, el("button.quiet", { type: "button", onclick: () => loadTables() }, "Cancel"))));
    text.focus();
  }

  loadTables();
}

// ---- Functions: the list with argument validators, and a runner

/** A function's path as Convex shows it: notes:add for the apiSpec's identifier notes.js:add. */
const displayPath = (identifier) => identifier.replace(/\.js(?=:)/, "");

export function functionsView(root, [selectedPath]) {
  const listPanel = el("section.panel#function-list", {}, el("h2", {}, "Functions"));
  const runner = el("section.panel#runner", {}, el("p.muted", {}, "Choose a function."));
  root.append(el("div.split", {}, listPanel, runner));

  run("_system/cli/modules:apiSpec", {}).then((spec) => {
    const list = el("ul.list");
    for (const f of spec) {
      const path = displayPath(f.identifier);
      list.append(el(`li.function${path === selectedPath ? ".selected" : ""}`, { "data-path": path, onclick: () => (location.hash = `#/functions/${encodeURIComponent(path)}`) },
        el("span.mono", {}, path), el("span.badge", {}, f.functionType.toLowerCase())));
    }
    listPanel.append(list);
    const f = spec.find((s) => displayPath(s.identifier) === selectedPath);
    if (f) showRunner(f);
  }, (e) => listPanel.append(errorText(e)));

  function showRunner(f) {
    const args = el("textarea#function-args", { spellcheck: "false", "aria-label": "arguments" });
    args.value = "{}";
    const output = el("div#function-result");
    const button = el("button#run-function", { type: "button", onclick: async () => {
      output.replaceChildren(el("p.muted", {}, "Running…"));
      let parsed;
      try {
        parsed = parse(args.value);
      } catch (e) {
        output.replaceChildren(errorText(e));
        return;
      }
      try {
        const envelope = await call(f.identifier, parsed);
        const lines = (envelope.logLines ?? []).map((l) => el("div.mono.muted", {}, l));
        if (envelope.status === "success") {
          output.replaceChildren(el("div.result-success", {}, el("h2", {}, "Result"), el("pre.value#result-value", {}, render(envelope.value)), ...lines));
        } else {
          output.replaceChildren(el("div.result-error", {}, el("h2", {}, "Error"), el("pre.error#result-error", {}, envelope.errorMessage),
            envelope.errorData === undefined ? null : el("div", {}, el("span.muted", {}, "errorData: "), el("pre.value#result-error-data", {}, render(envelope.errorData))), ...lines));
        }
      } catch (e) {
        output.replaceChildren(errorText(e));
      }
    } }, `Run ${f.functionType.toLowerCase()}`);
    let argsValidator = null;
    try {
      argsValidator = JSON.parse(f.args);
    } catch {
      // shown as any
    }
    runner.replaceChildren(
      el("h2", {}, displayPath(f.identifier), " ", el("span.badge", {}, f.functionType.toLowerCase()), " ", el("span.badge", {}, f.visibility.kind)),
      el("p", {}, el("span.muted", {}, "args: "), el("code#function-validator", {}, validatorText(argsValidator))),
      el("label", { for: "function-args" }, "Arguments"), args,
      el("div.toolbar", {}, button), output);
  }
}

// ---- Logs: the live stream of function executions (the endpoint npx convex logs reads)

export function logsView(root) {
  const list = el("ol.logs#log-list");
  const status = el("p.muted#log-status", {}, "Waiting for function calls…");
  root.append(el("section.panel", {}, el("h2", {}, "Logs"), status, list));
  const abort = new AbortController();
  (async () => {
    let cursor = 0;
    while (!abort.signal.aborted) {
      try {
        const page = await logs(cursor, abort.signal);
        cursor = page.newCursor;
        for (const entry of page.entries) {
          const time = new Date(entry.timestamp * 1000).toLocaleTimeString();
          const ok = entry.error === null || entry.error === undefined;
          list.prepend(el(`li.log-entry${ok ? "" : ".failure"}`, { "data-function": entry.identifier },
            el("span.muted", {}, `${time} `), el("span.badge", {}, entry.udfType), " ", el("span.mono", {}, entry.identifier), " ",
            el("span.muted", {}, `${ok ? "success" : "failure"} ${Math.round(entry.executionTime * 1000)} ms`),
            ...entry.logLines.map((l) => el("div.line.mono", {}, `[${l.level}] ${l.messages.join(" ")}`)),
            ok ? null : el("div.line.mono.failure", {}, entry.error)));
        }
        while (list.children.length > 500) list.lastChild.remove();
        if (list.children.length > 0) status.textContent = "Live: newest first.";
      } catch (e) {
        if (abort.signal.aborted) return;
        status.textContent = `Log stream interrupted (${e.message}); retrying…`;
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  })();
  return () => abort.abort();
}

// ---- Deployment: version, engine, data location, live query counts

export function deploymentView(root) {
  const panel = el("section.panel#deployment", {}, el("h2", {}, "Deployment"));
  root.append(panel);
  let timer;
  let stopped = false;
  async function refresh() {
    try {
      const d = await deployment();
      const rows = Object.entries(d.subscriptionsByFunction).map(([path, n]) => el("tr", {}, el("td.mono", {}, path), el("td", {}, String(n))));
      panel.replaceChildren(el("h2", {}, "Deployment"),
        el("dl.info", {},
          el("dt", {}, "URL"), el("dd.mono", {}, location.origin),
          el("dt", {}, "Version"), el("dd#deployment-version", {}, d.version),
          el("dt", {}, "Engine"), el("dd#deployment-engine", {}, d.engine),
          el("dt", {}, "Data"), el("dd.mono#deployment-location", {}, d.location ?? "in memory (lost when the server stops)"),
          el("dt", {}, "Started"), el("dd", {}, new Date(d.startedAt).toLocaleString()),
          el("dt", {}, "Live queries"), el("dd#live-queries", {}, `${d.liveQueries} (${d.subscriptions} subscription${d.subscriptions === 1 ? "" : "s"})`)),
        ...(rows.length === 0 ? [] : [el("table.documents#live-query-table", {}, el("thead", {}, el("tr", {}, el("th", {}, "function"), el("th", {}, "subscriptions"))), el("tbody", {}, ...rows))]));
    } catch (e) {
      panel.replaceChildren(el("h2", {}, "Deployment"), errorText(e));
    }
    if (!stopped) timer = setTimeout(refresh, 2000);
  }
  refresh();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
