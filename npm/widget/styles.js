// The element's look: the CSS of its shadow root. Pages restyle it with the custom properties
// on the element (--vuw-accent, --vuw-radius, --vuw-font, …) and the parts "drop-zone",
// "interrupted", "queue", "item" and "thumbnail"; it follows the system's dark mode.
export const STYLE = `
:host {
  --vuw-accent: #4f46e5;
  --vuw-accent-text: #fff;
  --vuw-bg: #fff;
  --vuw-fg: #1f2330;
  --vuw-muted: #5d6475;
  --vuw-border: #d5d9e2;
  --vuw-surface: #f5f6fa;
  --vuw-track: #e3e6ee;
  --vuw-ok: #15803d;
  --vuw-error: #b42318;
  --vuw-error-bg: #fdecea;
  --vuw-radius: 12px;
  --vuw-font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: block;
  color-scheme: light dark;
  font: 15px/1.45 var(--vuw-font);
  color: var(--vuw-fg);
}
@media (prefers-color-scheme: dark) {
  :host {
    --vuw-accent: #8b87ff;
    --vuw-accent-text: #0f1020;
    --vuw-bg: #181a22;
    --vuw-fg: #e8eaf0;
    --vuw-muted: #a3a9b8;
    --vuw-border: #373b4a;
    --vuw-surface: #20232d;
    --vuw-track: #323646;
    --vuw-ok: #4ade80;
    --vuw-error: #ff8a80;
    --vuw-error-bg: #3a1f1f;
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.drop {
  display: flex; flex-direction: column; align-items: center; gap: .35rem;
  padding: 1.6rem 1rem; text-align: center; cursor: pointer;
  border: 2px dashed var(--vuw-border); border-radius: var(--vuw-radius);
  background: var(--vuw-surface);
  transition: border-color .15s, background-color .15s;
}
.drop:hover, .drop.over { border-color: var(--vuw-accent); background: color-mix(in srgb, var(--vuw-accent) 8%, var(--vuw-surface)); }
.drop:focus-visible { outline: 3px solid var(--vuw-accent); outline-offset: 3px; }
.drop[aria-disabled="true"] { cursor: not-allowed; opacity: .6; }
.drop svg { width: 2.2rem; height: 2.2rem; color: var(--vuw-accent); }
.drop strong { font-size: 1.05rem; }
.drop .pick { color: var(--vuw-accent); text-decoration: underline; text-underline-offset: 2px; }
.hint { color: var(--vuw-muted); font-size: .875rem; }
.config-error { margin: .75rem 0 0; white-space: pre-line; }
ol { list-style: none; margin: 0; padding: 0; }
.item {
  margin-top: .75rem; padding: .85rem 1rem;
  border: 1px solid var(--vuw-border); border-radius: var(--vuw-radius); background: var(--vuw-bg);
}
.head { display: flex; flex-wrap: wrap; align-items: baseline; gap: .25rem .75rem; }
.name { font-weight: 600; overflow-wrap: anywhere; flex: 1 1 12rem; }
.state { font-size: .8rem; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--vuw-muted); }
[data-state="uploading"] .state { color: var(--vuw-accent); }
[data-state="done"] .state { color: var(--vuw-ok); }
[data-state="error"] .state, [data-state="cancelled"] .state { color: var(--vuw-error); }
progress {
  display: block; width: 100%; height: .6rem; margin: .6rem 0 .35rem;
  appearance: none; -webkit-appearance: none; border: none; border-radius: 999px;
  background: var(--vuw-track); overflow: hidden; color: var(--vuw-accent);
}
progress::-webkit-progress-bar { background: var(--vuw-track); border-radius: 999px; }
progress::-webkit-progress-value { background: var(--vuw-accent); border-radius: 999px; transition: width .2s; }
progress::-moz-progress-bar { background: var(--vuw-accent); border-radius: 999px; }
[data-state="done"] progress::-webkit-progress-value { background: var(--vuw-ok); }
[data-state="done"] progress::-moz-progress-bar { background: var(--vuw-ok); }
[data-state="paused"] progress::-webkit-progress-value { background: var(--vuw-muted); }
[data-state="paused"] progress::-moz-progress-bar { background: var(--vuw-muted); }
.stats { display: flex; flex-wrap: wrap; gap: .15rem 1rem; color: var(--vuw-muted); font-size: .875rem; font-variant-numeric: tabular-nums; }
.stats .percent { color: var(--vuw-fg); font-weight: 600; min-width: 3.2em; }
.stats .wait { flex-basis: 100%; color: var(--vuw-fg); }
.stats .wait:empty { display: none; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .6rem; }
.actions:empty { display: none; }
button {
  font: inherit; font-size: .875rem; font-weight: 600; min-height: 2.25rem; padding: .35rem .9rem;
  border-radius: 8px; border: 1px solid var(--vuw-border); background: var(--vuw-bg); color: var(--vuw-fg);
  cursor: pointer;
}
button:hover { border-color: var(--vuw-accent); }
button:focus-visible { outline: 3px solid var(--vuw-accent); outline-offset: 2px; }
button.primary { background: var(--vuw-accent); border-color: var(--vuw-accent); color: var(--vuw-accent-text); }
.error {
  margin: .6rem 0 0; padding: .5rem .75rem; border-radius: 8px;
  background: var(--vuw-error-bg); color: var(--vuw-error); font-size: .9rem;
}
.result { margin-top: .75rem; }
.player {
  display: block; width: 100%; aspect-ratio: 16 / 9; border: 0; border-radius: 8px; background: #000;
}
.meta { margin: .45rem 0 0; font-size: .875rem; color: var(--vuw-muted); display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .85em; color: var(--vuw-fg); background: var(--vuw-surface); padding: .05rem .35rem; border-radius: 4px; }
a { color: var(--vuw-accent); }
[data-state="refused"] :is(progress, .percent) { display: none; }
.thumb { flex: none; align-self: center; width: 4rem; height: 2.25rem; object-fit: cover; border-radius: 6px; background: #000; }
.interrupted {
  margin-top: .75rem; padding: .85rem 1rem; border: 1px solid var(--vuw-accent); border-radius: var(--vuw-radius);
  background: color-mix(in srgb, var(--vuw-accent) 7%, var(--vuw-bg));
}
.interrupted ul { list-style: none; margin: 0; padding: 0; }
.interrupted li { margin-top: .6rem; padding-top: .6rem; border-top: 1px solid var(--vuw-border); }
.interrupted .name { display: block; }
.interrupted .meta { margin-top: .1rem; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;
