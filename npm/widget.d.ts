// Types of video-uploader-wasm's widget entry point (widget.js): importing it registers the
// <video-upload-widget> custom element.
import type { RetryEvent, UploadProgressEvent, VideoUploadError, VideoUploadResponse } from "./index.js";
import type { WasmLoadError } from "./index.js";

interface UploadEventDetail {
  /** The file's name. */
  fileName: string;
  file: File;
}

export interface UploadProgressDetail extends UploadEventDetail {
  /** The library's progress event. */
  progress: UploadProgressEvent;
}

export interface UploadRetryDetail extends UploadEventDetail {
  /** The library's retry event: a request failed and will be tried again (`attempt`, `delayMs`: `null` while offline, `error`). */
  retry: RetryEvent;
}

export interface UploadCompleteDetail extends UploadEventDetail {
  /** The uploaded video (`videoId`, `assets.player`, …). */
  video: VideoUploadResponse;
}

export interface UploadErrorDetail extends UploadEventDetail {
  /** The library's error: a refusal or failure of the upload, the module that could not start, or an option the library refused. */
  error: VideoUploadError | WasmLoadError | Error;
  /** The words the widget shows for it. */
  message: string;
}

/** A word of the widget: text with `{name}`-style values, plural forms chosen by `{count}`, or a function of the values. */
export type WidgetString =
  | string
  | Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
  | ((values: Record<string, string | number>, locale: string) => string);

/** Every word the widget shows or announces, by key (English: `STRINGS.en`). */
export interface WidgetStrings {
  drop: WidgetString;
  unnamed: WidgetString;
  choose: WidgetString;
  serial: WidgetString;
  parallel: WidgetString;
  maxSize: WidgetString;
  maxDuration: WidgetString;
  noToken: WidgetString;
  uploads: WidgetString;
  queued: WidgetString;
  uploading: WidgetString;
  paused: WidgetString;
  done: WidgetString;
  error: WidgetString;
  cancelled: WidgetString;
  refused: WidgetString;
  pause: WidgetString;
  resume: WidgetString;
  cancel: WidgetString;
  retry: WidgetString;
  remove: WidgetString;
  discard: WidgetString;
  pickAgain: WidgetString;
  progressOf: WidgetString;
  sent: WidgetString;
  left: WidgetString;
  retryIn: WidgetString;
  retryNow: WidgetString;
  offline: WidgetString;
  player: WidgetString;
  videoId: WidgetString;
  open: WidgetString;
  starting: WidgetString;
  progress: WidgetString;
  uploaded: WidgetString;
  wasCancelled: WidgetString;
  wasPaused: WidgetString;
  wasResumed: WidgetString;
  queuedAgain: WidgetString;
  wasRetrying: WidgetString;
  wasOffline: WidgetString;
  interrupted: WidgetString;
  started: WidgetString;
  csp: WidgetString;
  wasmMissing: WidgetString;
  wasmUnreachable: WidgetString;
  aborted: WidgetString;
  abortedEarly: WidgetString;
  network: WidgetString;
  timeout: WidgetString;
  badAnswer: WidgetString;
  badLink: WidgetString;
  expired: WidgetString;
  failed: WidgetString;
  tooBig: WidgetString;
  tooLong: WidgetString;
  noDuration: WidgetString;
  notAccepted: WidgetString;
  videos: WidgetString;
  wrongFile: WidgetString;
  changed: WidgetString;
  gone: WidgetString;
  denied: WidgetString;
}

/**
 * The words by language (a BCP 47 tag or its language: `en`, `fr`). The widget takes those of
 * its `lang` attribute or the closest one (`<html lang="fr">`), English for any word missing.
 * Add a language with `STRINGS.de = { … }`.
 */
export const STRINGS: { en: WidgetStrings; fr: WidgetStrings; [lang: string]: Partial<WidgetStrings> };

/**
 * `<video-upload-widget upload-token="to…" api-host="…">`: a drop zone and file picker that
 * uploads each file with the library, with progress, pause, resume, cancel and retry, a
 * thumbnail of each video, and with `resume` the uploads a reload interrupted.
 *
 * Attributes: `upload-token` (required), `api-host`, `chunk-size` (bytes, or with a unit such
 * as `10MB`), `parallel-chunks`, `resume`, `concurrency`, `accept`, `max-size` (bytes or with a
 * unit: `500MB`, `2 GiB`), `max-duration` (seconds), `lang`, and `module` (an override: the URL
 * of another build of the library; by default the package's own index.js beside the widget).
 */
export class VideoUploadWidget extends HTMLElement {
  /**
   * Queues files as if they had been picked, and starts what the concurrency allows. Takes
   * `File`s and `FileSystemFileHandle`s (from a page's own picker, a drop, or the origin-private
   * file system): with `resume`, a handle is kept with the upload, so that after a reload the
   * upload resumes without picking the file again. Resolves once they are queued.
   */
  addFiles(items: FileList | Iterable<File | FileSystemFileHandle> | ArrayLike<File | FileSystemFileHandle>): Promise<void>;
  /** Words over those of the widget's language, for this widget (`{ drop: "…" }`); see {@link STRINGS}. */
  strings: Partial<WidgetStrings>;
}

/** `"10MB"` → 10485760, `"5242880"` → 5242880; `undefined` for an empty value; throws on text that is not a size (naming `attribute`, default `chunk-size`). */
export function parseSize(text: string | null | undefined, attribute?: string): number | undefined;
/** `1536` → `"1.5 kB"` (binary steps, the units of `lang`, default English). */
export function formatBytes(bytes: number, lang?: string): string;
/** The library's error in words a person can act on: what the widget shows (in English). */
export function describeError(error: unknown): string;

/**
 * The widget's attributes, as HTML, JSX, Vue and Svelte templates write them (kebab-case: an
 * attribute written `uploadToken` is a different, unknown attribute). Numbers may be given as
 * numbers; `resume` as `true` (present), `false` (absent), or the attribute's own text.
 */
export interface VideoUploadWidgetAttributes {
  /** The delegated upload token (required). */
  "upload-token"?: string;
  /** A host (`ws.api.video`, the default) or a full origin such as `http://127.0.0.1:8080`. */
  "api-host"?: string;
  /** Bytes, or with a unit: `10MB`. */
  "chunk-size"?: string | number;
  "parallel-chunks"?: string | number;
  /** Remember finished chunks, and offer to continue the uploads a reload interrupted. */
  resume?: boolean | "" | "true" | "false";
  /** How many files upload at once (default 1). */
  concurrency?: string | number;
  /** What the picker offers and the widget accepts (default `video/*`). */
  accept?: string;
  /** Bytes, or with a unit: `500MB`, `2 GiB`. */
  "max-size"?: string | number;
  /** Seconds. */
  "max-duration"?: string | number;
  lang?: string;
  /** The URL of another build of the library (default: the package's own index.js beside the widget). */
  module?: string;
}

/** The widget's events, by name: each a `CustomEvent` whose `detail` says what happened. */
export interface VideoUploadWidgetEventMap {
  "upload-progress": CustomEvent<UploadProgressDetail>;
  "upload-retry": CustomEvent<UploadRetryDetail>;
  "upload-complete": CustomEvent<UploadCompleteDetail>;
  "upload-error": CustomEvent<UploadErrorDetail>;
}

// React 19's JSX: `<video-upload-widget upload-token={token} api-host={host} ref={…}>`. React
// sets these as attributes (the element has no property of those names). It turns an `on` prop
// whose name is `on` + an event's name into addEventListener of that event, case kept:
// `onupload-complete` listens to `upload-complete`. But React 19.3 attaches those listeners only
// when it creates or updates the element, not when it hydrates server-rendered HTML (React issue
// 35446): in a server-rendered page, listen with addEventListener from a ref or an effect.
// Without React's types installed, TypeScript ignores this block.
declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "video-upload-widget": ReactProps<VideoUploadWidget> &
        VideoUploadWidgetAttributes & {
          /** Not attached when React hydrates server-rendered HTML (React 19.3): listen from a ref there. */
          "onupload-progress"?: (event: VideoUploadWidgetEventMap["upload-progress"]) => void;
          /** Not attached when React hydrates server-rendered HTML (React 19.3): listen from a ref there. */
          "onupload-retry"?: (event: VideoUploadWidgetEventMap["upload-retry"]) => void;
          /** Not attached when React hydrates server-rendered HTML (React 19.3): listen from a ref there. */
          "onupload-complete"?: (event: VideoUploadWidgetEventMap["upload-complete"]) => void;
          /** Not attached when React hydrates server-rendered HTML (React 19.3): listen from a ref there. */
          "onupload-error"?: (event: VideoUploadWidgetEventMap["upload-error"]) => void;
        };
    }
  }
}

// Vue templates, as vue-tsc reads them: the element is a global component whose props are its
// attributes (vue-tsc camelizes them: `upload-token` is checked as `uploadToken`) and whose
// events are `@upload-progress`, `@upload-retry`, `@upload-complete`, `@upload-error` (checked as
// `onUpload…`).
// The app's Vue compiler must know it is a custom element: isCustomElement (see the README).
// Without Vue installed, TypeScript ignores this block.
declare module "vue" {
  interface GlobalComponents {
    "video-upload-widget": new () => VideoUploadWidget & {
      $props: VueHTMLAttributes & {
        [K in keyof VideoUploadWidgetAttributes as CamelCase<K>]?: VideoUploadWidgetAttributes[K];
      } & {
        onUploadProgress?: (event: VideoUploadWidgetEventMap["upload-progress"]) => void;
        onUploadRetry?: (event: VideoUploadWidgetEventMap["upload-retry"]) => void;
        onUploadComplete?: (event: VideoUploadWidgetEventMap["upload-complete"]) => void;
        onUploadError?: (event: VideoUploadWidgetEventMap["upload-error"]) => void;
      };
    };
  }
}

// Svelte 5 templates, as svelte-check reads them: `<video-upload-widget upload-token={token}
// api-host={host} onupload-complete={(e) => …}>`. Svelte sets these as attributes (the element has
// no property of those names), and turns an attribute named `on` + an event's name into a
// listener of that event, case kept: `onupload-complete` listens to `upload-complete`. Unlike
// React 19, it attaches those listeners when it hydrates server-rendered HTML too.
// Without Svelte installed, TypeScript ignores this block.
declare module "svelte/elements" {
  interface SvelteHTMLElements {
    "video-upload-widget": SvelteHTMLAttributes<VideoUploadWidget> &
      VideoUploadWidgetAttributes & {
        "onupload-progress"?: SvelteEventHandler<"upload-progress"> | null;
        "onupload-retry"?: SvelteEventHandler<"upload-retry"> | null;
        "onupload-complete"?: SvelteEventHandler<"upload-complete"> | null;
        "onupload-error"?: SvelteEventHandler<"upload-error"> | null;
      };
  }
}

// React's, Vue's and Svelte's own types for an element's usual props, where the app has them
// installed.
// @ts-ignore -- an app without React: this block is then ignored
type ReactProps<T> = import("react").DetailedHTMLProps<import("react").HTMLAttributes<T>, T>;
// @ts-ignore -- an app without Vue: this block is then ignored
type VueHTMLAttributes = import("vue").HTMLAttributes;
// @ts-ignore -- an app without Svelte: this block is then ignored
type SvelteHTMLAttributes<T extends EventTarget> = import("svelte/elements").HTMLAttributes<T>;

/** A listener of one of the widget's events in a Svelte template (Svelte's own shape: `currentTarget` is the widget). */
type SvelteEventHandler<K extends keyof VideoUploadWidgetEventMap> = (
  event: VideoUploadWidgetEventMap[K] & { currentTarget: EventTarget & VideoUploadWidget },
) => any;

/** `upload-token` → `uploadToken`. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

declare global {
  interface HTMLElementTagNameMap {
    "video-upload-widget": VideoUploadWidget;
  }
  interface HTMLElementEventMap {
    "upload-progress": CustomEvent<UploadProgressDetail>;
    "upload-retry": CustomEvent<UploadRetryDetail>;
    "upload-complete": CustomEvent<UploadCompleteDetail>;
    "upload-error": CustomEvent<UploadErrorDetail>;
  }
}
