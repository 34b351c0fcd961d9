// Types of video-uploader-wasm's widget entry point (widget.js): importing it registers the
// <video-upload-widget> custom element.
//
// Sizes: the widget shows them in decimal units, kB = 1000 bytes, MB = 1000² (10^6), GB = 1000³,
// as the file pickers of macOS, iOS and Android show a file's size (7,750,844 bytes: "7.8 MB"),
// and `max-size` reads them so (500MB = 500,000,000 bytes); KiB, MiB, GiB are binary. Only
// `chunk-size` keeps the library's units, where MB = MiB (its "5MB to 128MB" is 5 MiB to 128 MiB).
import type { OptionError, RetryEvent, UploadProgressEvent, VideoUploadError, VideoUploadResponse } from "./index.js";
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

/**
 * What failed, always with a `reason` and a `title`: the library's error (a refusal or failure
 * of the upload; `INVALID_OPTION` for a file it refuses, such as an empty one), the module that
 * could not start ({@link WasmLoadError}), or the widget's own verdict ({@link WidgetError}).
 * A mistake in the attributes is never one: it disables the widget instead (see {@link VideoUploadWidget}).
 */
export type WidgetUploadError = VideoUploadError | OptionError | WasmLoadError | WidgetError;

/** A file the widget refused before any byte, a cancel before the upload started, or an error it did not expect. */
export interface WidgetError {
  /**
   * - `FILE_TYPE_NOT_ACCEPTED`, `FILE_TOO_LARGE`: refused by `accept`, `max-size`;
   * - `FILE_UNREADABLE`: a dropped or given file handle whose file cannot be read;
   * - `ABORTED`: cancelled while it waited in the queue;
   * - `UNEXPECTED`: an error with no reason (a `module` override that could not be imported, a bug): its message, and the error as `cause`.
   */
  reason: "FILE_TYPE_NOT_ACCEPTED" | "FILE_TOO_LARGE" | "FILE_UNREADABLE" | "ABORTED" | "UNEXPECTED";
  /** What went wrong, in words. */
  title: string;
  cause?: unknown;
}

export interface UploadErrorDetail extends UploadEventDetail {
  /** What failed: `error.reason` says which kind of failure, `error.title` what went wrong. */
  error: WidgetUploadError;
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
  /** An attribute the widget cannot use, with `{value}`: one key per attribute. */
  badApiHost: WidgetString;
  badModule: WidgetString;
  badChunkSize: WidgetString;
  badParallelChunks: WidgetString;
  badResume: WidgetString;
  badConcurrency: WidgetString;
  badAccept: WidgetString;
  badMaxSize: WidgetString;
  badMaxDuration: WidgetString;
  badLang: WidgetString;
  /** An option the library refused: `{attribute}`, `{value}` and the library's `{message}`. */
  badOption: WidgetString;
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
 * Attributes: `upload-token` (required), `api-host`, `chunk-size` (bytes, or with the library's
 * units: `50MB` = 50 MiB; 5MB to 128MB), `parallel-chunks` (1 to 16), `resume`, `concurrency`,
 * `accept`, `max-size` (bytes, or with a unit: `500MB` = 500,000,000 bytes, as the widget shows
 * sizes; `2GiB`), `max-duration` (seconds), `lang`, and `module` (an override: the URL of
 * another build of the library; by default the package's own index.js beside the widget).
 *
 * They are checked when the element connects and whenever one changes. Without an upload token,
 * or with a value the widget or the library cannot use (`chunk-size="1MB"`, an `api-host` with a
 * path, `concurrency="0"`, …), it takes no file: its drop zone is disabled, a banner says what to
 * write, in its language, and `console.error` names the attribute
 * (`<video-upload-widget> chunk-size="1MB": …`); fixing the attribute clears it. Files queued
 * before wait, and start once it is fixed; `addFiles` queues nothing meanwhile. An option the
 * library still refuses when an upload starts (`INVALID_OPTION`) is shown the same way, under its
 * attribute's name, until that attribute changes.
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

/**
 * A size attribute's text in bytes, in that attribute's units: `"500MB", "max-size"` →
 * 500000000 (decimal, as the widget shows sizes; `"2GiB"` binary); for `chunk-size` (the
 * default) the library's units, `"10MB"` → 10485760; `"5242880"` → 5242880 either way.
 * `undefined` for an empty value; throws on text that is not a size (naming `attribute`).
 */
export function parseSize(text: string | null | undefined, attribute?: string): number | undefined;
/** `1536` → `"1.5 kB"`, `7750844` → `"7.8 MB"`: decimal units (kB = 1000 bytes, MB = 10^6), as the widget shows every size, in those of `lang` (default English). */
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
  /** Bytes, or with the library's units, where MB = MiB: `50MB` (5MB to 128MB). */
  "chunk-size"?: string | number;
  /** Chunks sending at once after the first, 1 to 16 (default 6). */
  "parallel-chunks"?: string | number;
  /** Remember finished chunks, and offer to continue the uploads a reload interrupted. */
  resume?: boolean | "" | "true" | "false";
  /** How many files upload at once (default 1). */
  concurrency?: string | number;
  /** What the picker offers and the widget accepts (default `video/*`). */
  accept?: string;
  /** Bytes, or with a unit: `500MB` (500,000,000 bytes, as the widget shows sizes), `2 GiB`. */
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
