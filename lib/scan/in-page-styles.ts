// Styles of Netra's in-page UI. They live inside shadow roots, so the site's CSS cannot reach
// them and they cannot leak into the site. Marks carry an icon and text, never colour alone.

export const MARK_CSS = `
:host { all: initial; display: inline-block; vertical-align: middle; margin-inline-start: 6px; }
button {
  all: unset; cursor: pointer; display: inline-flex; align-items: center; gap: 4px;
  font: 600 12px/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  padding: 2px 8px; border-radius: 999px; white-space: nowrap;
  color: #fff; background: #8a1c1c; border: 1px solid #fff3;
}
button.survey { color: #8a1c1c; background: #fff4e5; border: 1px dashed #8a1c1c; }
:host([data-theme="dark"]) button.survey { color: #ffb4ab; background: #2b1a12; border-color: #ffb4ab; }
button:focus-visible { outline: 2px solid #f2c94c; outline-offset: 2px; }
.icon { font-size: 13px; }
`;

export const PANEL_CSS = `
:host { all: initial; }
.panel {
  position: fixed; top: 64px; right: 16px; z-index: 2147483646; box-sizing: border-box;
  width: min(400px, calc(100vw - 32px)); max-height: calc(100vh - 96px); overflow: auto;
  padding: 12px 16px 16px; border-radius: 12px; border: 1px solid #d0d7de;
  font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #1b1f24; background: #fff; box-shadow: 0 8px 28px #0004;
}
.dark .panel { color: #e6edf3; background: #161b22; border-color: #30363d; }
header { display: flex; justify-content: space-between; align-items: center; }
h2 { font-size: 16px; margin: 0; }
h3 { font-size: 13px; margin: 12px 0 4px; text-transform: uppercase; letter-spacing: .03em; opacity: .75; }
p { margin: 4px 0; }
.muted { opacity: .75; }
.warn { color: #9a6700; }
.dark .warn { color: #d29922; }
ul.findings { margin: 0; padding-inline-start: 18px; }
ul.stances { margin: 0 0 8px; padding: 0; list-style: none; }
ul.stances li { padding: 4px 8px; border-inline-start: 4px solid #1d4ed8; margin-bottom: 4px; }
ul.stances li[data-stance='attack'] { border-inline-start-color: #b91c1c; }
.cat { font-weight: 600; }
blockquote.text { margin: 4px 0; padding: 6px 10px; border-inline-start: 3px solid #8a1c1c; white-space: pre-wrap; word-break: break-word; }
mark { background: #f2c94c; color: #1b1f24; padding: 0 2px; border-radius: 3px; }
a { color: #0969da; }
.dark a { color: #58a6ff; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
button, select, input, textarea { font: inherit; color: inherit; }
button {
  padding: 5px 12px; border-radius: 6px; border: 1px solid #8c959f; background: transparent; cursor: pointer;
}
button.primary { background: #8a1c1c; border-color: #8a1c1c; color: #fff; }
button.link { border: none; text-decoration: underline; padding: 5px 0; }
button.close { border: none; font-size: 20px; line-height: 1; padding: 2px 8px; }
button:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible { outline: 2px solid #f2c94c; outline-offset: 2px; }
form.confirm label { display: block; margin: 8px 0; }
form.confirm select, form.confirm input, form.confirm textarea {
  display: block; width: 100%; box-sizing: border-box; margin-top: 4px; padding: 4px 6px;
  border: 1px solid #8c959f; border-radius: 6px; background: transparent;
}
.dark option { background: #161b22; }
.suggestion {
  position: fixed; bottom: 16px; right: 16px; z-index: 2147483645; box-sizing: border-box;
  width: min(380px, calc(100vw - 32px)); padding: 10px 14px; border-radius: 10px;
  border: 1px dashed #8a1c1c; background: #fff8f0; color: #1b1f24; box-shadow: 0 4px 16px #0003;
  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
}
.dark .suggestion { background: #2b1a12; color: #e6edf3; border-color: #ffb4ab; }
.suggestion ul { margin: 4px 0; padding-inline-start: 18px; }
.ok { color: #1a7f37; }
.dark .ok { color: #3fb950; }
.error { color: #cf222e; }
.dark .error { color: #f85149; }
`;
