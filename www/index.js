// The demo page: a <video-upload-widget> with the token from ?token=, talking to this page's
// own origin unless ?apiHost= says otherwise. ?chunk-size=, ?parallel-chunks=, ?concurrency=,
// ?accept=, ?max-size=, ?max-duration= and ?resume are passed on to the widget's attributes of
// the same names; ?lang=fr sets the page's language, which the widget follows.
import '/pkg/widget.js';

const params = new URLSearchParams(location.search);
const token = params.get('token')?.trim();
const apiHost = params.get('apiHost') || location.origin;
if (params.has('lang')) document.documentElement.lang = params.get('lang');

// Keep the token in the links to the other demo pages.
if (token) {
  for (const link of document.querySelectorAll('a[data-keep-token]')) {
    const url = new URL(link.href);
    url.searchParams.set('token', token);
    link.href = url.href;
  }
}

// The embedding snippet shows this server's origin (and the token, when there is one).
const snippet = document.querySelector('#snippet');
snippet.textContent = snippet.textContent
  .replace('http://127.0.0.1:8080', apiHost)
  .replace('to1a2B3c…', token || 'to1a2B3c…');

if (!token) {
  document.querySelector('#no-token').hidden = false;
} else {
  const widget = document.createElement('video-upload-widget');
  widget.setAttribute('upload-token', token);
  widget.setAttribute('api-host', apiHost);
  for (const name of ['chunk-size', 'parallel-chunks', 'concurrency', 'accept', 'max-size', 'max-duration', 'module']) {
    if (params.has(name)) widget.setAttribute(name, params.get(name));
  }
  if (params.has('resume') && params.get('resume') !== 'false') widget.setAttribute('resume', '');
  const section = document.querySelector('#uploader');
  section.append(widget);
  section.hidden = false;

  // A short log of the widget's events, to show what a page can listen to.
  const log = document.querySelector('#log');
  const add = (text) => {
    document.querySelector('#log-card').hidden = false;
    const li = document.createElement('li');
    li.textContent = text;
    log.append(li);
  };
  widget.addEventListener('upload-complete', (e) => add(`upload-complete: ${e.detail.fileName} → video ${e.detail.video.videoId}`));
  widget.addEventListener('upload-error', (e) => add(`upload-error: ${e.detail.fileName}: ${e.detail.message}`));
}
