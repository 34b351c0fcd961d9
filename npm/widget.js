// <video-upload-widget>: a drop zone and file picker that uploads videos to api.video (or the
// local upload-server) with video-uploader-wasm. The package's `video-uploader-wasm/widget`
// entry point: importing it registers the element where there are custom elements (in Node or
// a server-side render it defines nothing and throws nothing). No framework, no build step.
//
//   <script type="module" src="node_modules/video-uploader-wasm/widget.js"></script>   (or any copy, or a CDN)
//   <video-upload-widget upload-token="to…" api-host="http://127.0.0.1:8080"></video-upload-widget>
//
// It finds the library relative to itself (./index.js, and the wasm beside it), so the
// package's files work from node_modules, a CDN path or any folder of a site.
//
// Attributes (checked when the element connects and whenever one changes; used when an upload
// starts, so they can change at any time). Without upload-token, or with a value the widget or
// the library cannot use, the drop zone is disabled and a banner says what to write (also
// console.error, naming the attribute), until it is fixed:
//   upload-token     the delegated upload token (required)
//   api-host         "ws.api.video" (the library's default) or a full origin
//   module           override: URL of another build of the library's ES module (default: the
//                    package's own index.js, beside this file)
//   chunk-size       bytes per chunk: a number of bytes ("10485760") or with the library's units,
//                    which are binary ("10MB", "10 MiB", "5M", "512KB": K/KB/KiB = 1024,
//                    M/MB/MiB = 1024², G/GB/GiB = 1024³); 5MB to 128MB (default: planned by the library)
//   parallel-chunks  chunks sending at once after the first one, 1 to 16 (library default 6)
//   resume           present (and not "false"): remember finished chunks, so Retry or a reload
//                    sends only what is missing, and list the uploads a reload or a crash
//                    interrupted, with Resume (a FileSystemFileHandle was kept) or "Pick … again"
//   concurrency      files uploaded at the same time (default 1: one after another)
//   accept           file types taken, picked or dropped (default "video/*"; "" takes any file)
//   max-size         the largest file taken, in bytes or with a unit, decimal as the widget shows
//                    sizes ("500MB" = 500,000,000 bytes; kB = 1000, GB = 1000³) or binary ("2 GiB")
//   max-duration     the longest video taken, in seconds (the library's maxVideoDuration)
//   lang             the language of the words (else the closest lang attribute, e.g. <html lang="fr">)
//
// Events (CustomEvent, bubbles, composed):
//   upload-progress  detail { fileName, file, progress }  (the library's progress event)
//   upload-retry     detail { fileName, file, retry }     (the library's onRetry event: a request will be tried again)
//   upload-complete  detail { fileName, file, video }     (the video object; assets.player, videoId…)
//   upload-error     detail { fileName, file, error, message }  (the library's error and the words shown)
//
// Sizes are shown in decimal units (kB = 1000 bytes, MB = 1000², GB = 1000³), as the file
// pickers of macOS, iOS and Android show them (words.js, t.size).
//
// Methods and properties: addFiles(items) queues Files and FileSystemFileHandles as if they had
// been picked; `strings` overrides any of the words (see STRINGS).
//
// Interrupted uploads (with `resume`) are kept in IndexedDB ("video-upload-widget") for 24 hours
// after they started: the file's name, size, last-modified time and type, the api host, the start
// time, the FileSystemFileHandle when there is one, and as id the library's resume key for the
// upload (`resumeKey` of index.js: a hash of the token and the file, so the token itself is not
// stored).
//
// Styling: CSS custom properties on the element (--vuw-accent, --vuw-radius, --vuw-font) and
// the parts "drop-zone", "interrupted", "queue", "item", "thumbnail".
//
// This file is the entry point; the widget's modules are in widget/: element.js (the element),
// attributes.js (its attributes read and checked), entry.js (a file's row and its upload),
// interrupted.js (the list of interrupted uploads), store.js (their records in IndexedDB),
// library.js (loading the library), words.js and strings/ (the words, one file per language),
// format.js (sizes and errors in words), styles.js.
import { VideoUploadWidget } from './widget/element.js';

export { VideoUploadWidget };
export { STRINGS } from './widget/words.js';
export { describeError, formatBytes, parseSize } from './widget/format.js';

// Only where there are custom elements (not in Node, nor on the server side of Next.js, Nuxt,
// SvelteKit or Astro), so that importing this file anywhere is harmless.
if (globalThis.customElements && !customElements.get('video-upload-widget')) {
  customElements.define('video-upload-widget', VideoUploadWidget);
}
