// The dashboard's shell: the login form, the header, and hash routes to the views
// (#/data/<table>/<id>, #/functions/<path>, #/logs, #/deployment).
import { adminKey, ApiError, deployment } from "./api.js";
import { dataView, deploymentView, functionsView, logsView } from "./views.js";

const $ = (id) => document.getElementById(id);
const views = { data: dataView, functions: functionsView, logs: logsView, deployment: deploymentView };
let leave = () => {};

function showLogin(message) {
  leave();
  leave = () => {};
  $("shell").hidden = true;
  $("login").hidden = false;
  $("login-error").hidden = !message;
  $("login-error").textContent = message ?? "";
  $("admin-key").focus();
}

/** Checks the stored key against the deployment; false (and the login form) if it is refused. */
async function checkKey() {
  try {
    await deployment();
    return true;
  } catch (e) {
    adminKey.clear();
    showLogin(e instanceof ApiError && (e.status === 401 || e.status === 403) ? e.message : `Cannot reach the deployment: ${e.message}`);
    return false;
  }
}

function route() {
  if (!adminKey.get()) {
    showLogin();
    return;
  }
  $("login").hidden = true;
  $("shell").hidden = false;
  const [name, ...params] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const view = views[name] ? name : "data";
  for (const a of document.querySelectorAll("header nav a")) a.classList.toggle("active", a.dataset.view === view);
  leave();
  const root = $("view");
  root.replaceChildren();
  leave = views[view](root, params.filter((p) => p !== "")) ?? (() => {});
}

$("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  adminKey.set($("admin-key").value.trim());
  if (await checkKey()) {
    $("admin-key").value = "";
    route();
  }
});

$("logout").addEventListener("click", () => {
  adminKey.clear();
  showLogin();
});

window.addEventListener("hashchange", route);
window.addEventListener("unhandledrejection", (event) => {
  if (event.reason instanceof ApiError && (event.reason.status === 401 || event.reason.status === 403)) {
    adminKey.clear();
    showLogin(event.reason.message);
  }
});

if (adminKey.get()) {
  checkKey().then((ok) => ok && route());
} else {
  showLogin();
}
