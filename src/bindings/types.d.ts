
/** Identifies the application or SDK built on this library (sent as AV-Origin-App / AV-Origin-Sdk). */
export interface Origin {
  /** `[A-Za-z0-9_-]{1,50}` */
  name: string;
  /** `x[.y[.z]]`, 1 to 3 digits each */
  version: string;
}

/** Options both uploaders share. */
export interface CommonUploaderOptions {
  /** `"ws.api.video"` (https is assumed), or a full origin such as `"http://127.0.0.1:8080"`. Default `"ws.api.video"`. */
  apiHost?: string;
  /** How many times a failed request is retried (default 6; 0 means never). */
  retries?: number;
  /** Decide the delay before retry number `retryCount + 1` in ms, or `null` to give up. Replaces the default policy. */
  retryStrategy?: (retryCount: number, error: VideoUploadError) => number | null;
  /**
   * Milliseconds a request may go without upload progress or answer before it is aborted and
   * retried (a retry with reason `NETWORK_TIMEOUT`). Default 30000; 0 never gives up on a
   * silent request; otherwise at least 1000.
   */
  stallTimeout?: number;
  /** The video's title: the name given to the file part (default: the file's name). */
  videoName?: string;
  origin?: { application?: Origin; sdk?: Origin };
}

/** Upload with a delegated upload token: safe in a public page. */
export interface WithUploadToken {
  uploadToken: string;
  /** Upload into this existing video instead of creating one. */
  videoId?: string;
  accessToken?: never;
  apiKey?: never;
}

/** Upload into an existing video with an access token (from POST /auth/api-key). */
export interface WithAccessToken {
  accessToken: string;
  /** Used once to get a new access token when the server answers 401. */
  refreshToken?: string;
  videoId: string;
  uploadToken?: never;
  apiKey?: never;
}

/** Upload into an existing video with the API key. Never in a public page. */
export interface WithApiKey {
  apiKey: string;
  videoId: string;
  uploadToken?: never;
  accessToken?: never;
}

export interface VideoUploaderFileOptions {
  /** The file to upload (a File, or any non-empty Blob). */
  file: File | Blob;
  /** Bytes per chunk, 5 MiB to 128 MiB: every chunk but the last exactly this size. Without it, a file of at most 50 MiB goes in one request, a larger one as 5 MiB then equal chunks of at most 50 MiB, one per stream. */
  chunkSize?: number;
  /** Seconds; the file's duration is read from its metadata before any byte is sent, and a longer video is refused. */
  maxVideoDuration?: number;
  /** Chunks sending at once after the first one (default 6); one whose bytes are sent gives its place while it waits for its answer. 1 uploads one chunk at a time like the official uploader. */
  parallelChunks?: number;
  /** Remember finished chunks in localStorage, so a new uploader for the same File and token sends only what is missing, for 24 hours after the upload started (as long as the service keeps it open). A plain Blob cannot be recognised later: resume is off for it. */
  resume?: boolean;
}

/**
 * The fields of VideoUploader's options that name its upload: the file (or what identifies one:
 * its name, size and last-modified time, as a record of your own keeps them), and the
 * credential (or `videoId`).
 */
export type ResumeKeyOptions = { file: File | Blob | { name: string; size: number; lastModified: number } } & (WithUploadToken | WithAccessToken | WithApiKey);

export type VideoUploaderOptions = CommonUploaderOptions & VideoUploaderFileOptions & (WithUploadToken | WithAccessToken | WithApiKey);

export type ProgressiveUploaderOptions = CommonUploaderOptions &
  (WithUploadToken | WithAccessToken | WithApiKey) & {
    /** Hold the newest blob back so that the last part is never empty (default false). */
    preventEmptyParts?: boolean;
    /** Merge blobs under 5 MiB with the next ones before sending (default true); when false, a small part is an error. */
    mergeSmallPartsBeforeUpload?: boolean;
  };

/** The official progress event fields. */
export interface UploadProgressEvent {
  /** Bytes of the file acknowledged or on their way, over all chunks in flight. */
  uploadedBytes: number;
  totalBytes: number;
  chunksCount: number;
  /** The chunk size. */
  chunksBytes: number;
  /** 1-based number of the chunk this event is about. */
  currentChunk: number;
  currentChunkUploadedBytes: number;
}

export interface ProgressiveUploadProgressEvent {
  /** 1-based part number. */
  part: number;
  /** Bytes of this part sent so far. */
  uploadedBytes: number;
  /** Size of this part. */
  totalBytes: number;
}

/**
 * Why something failed: the `reason` of every error this library gives (`bindings/`'s Rust
 * enum `Reason`, one name each). A problem answer may name a reason of its own (any string).
 *
 * - `ABORTED`: `cancel()` (or `free()`) stopped it.
 * - `NETWORK_ERROR`: no answer (offline, DNS, a refused connection, CORS); `title` names the server.
 * - `NETWORK_TIMEOUT`: no sign of life for `stallTimeout` ms.
 * - `UNKNOWN`: an error answer whose body is not JSON (is `apiHost` the upload server?).
 * - `SERVER_ERROR` (5xx), `RATE_LIMITED` (429), `REQUEST_TIMEOUT` (408), `UNAUTHORIZED` (401),
 *   `FORBIDDEN` (403), `NOT_FOUND` (404), `REFUSED` (another 4xx): an error answer that names no
 *   reason of its own.
 * - `INVALID_ANSWER`: a 2xx answer whose body is not what the protocol answers.
 * - `INVALID_REQUEST`: the browser would not make the request (its words are in `title`).
 * - `FILE_UNREADABLE`: the file changed, moved or was deleted since it was picked: pick it again.
 * - `INVALID_OPTION`: a mistake in the options or arguments (an `Error`, with `name` the option).
 * - `ALREADY_STARTED`: `upload()` called twice.
 * - `UPLOAD_FINISHED`: a part after `uploadLastPart()`, or after a part failed for good.
 * - `PART_TOO_SMALL`, `VIDEO_TOO_LONG`, `INVALID_VIDEO`, `NO_DOCUMENT`: refused before any byte.
 * - `PLAYABLE_TIMEOUT`: to `onPlayableError`, the check gave up after 30 minutes.
 */
export type UploadErrorReason =
  | "ABORTED"
  | "NETWORK_ERROR"
  | "NETWORK_TIMEOUT"
  | "UNKNOWN"
  | "SERVER_ERROR"
  | "RATE_LIMITED"
  | "REQUEST_TIMEOUT"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "REFUSED"
  | "INVALID_ANSWER"
  | "INVALID_REQUEST"
  | "FILE_UNREADABLE"
  | "INVALID_OPTION"
  | "ALREADY_STARTED"
  | "UPLOAD_FINISHED"
  | "PART_TOO_SMALL"
  | "VIDEO_TOO_LONG"
  | "INVALID_VIDEO"
  | "NO_DOCUMENT"
  | "PLAYABLE_TIMEOUT"
  | (string & {});

/**
 * What `upload()`, `uploadPart()` and `uploadLastPart()` reject with (and what `retryStrategy`,
 * `onRetry` and `onPlayableError` get): the official uploader's plain object, with `reason`,
 * `title` and `retryable` always there. An error answer's own JSON fields (a `requestId`, …) are
 * there too; ours win where names meet. A mistake in the options is an `Error` with the same
 * fields (see {@link OptionError}).
 */
export interface VideoUploadError {
  /** The HTTP status, when the server answered. */
  status?: number;
  /** The problem's documentation link. */
  type?: string;
  /** What went wrong and what to do, in words. */
  title: string;
  /** The field or header at fault (the option, for `INVALID_OPTION`). */
  name?: string;
  reason: UploadErrorReason;
  /** The answer's body as received. */
  raw?: string;
  /**
   * Whether the same request could succeed if tried again: true with no answer, and for 408,
   * 429 and 5xx answers; false for `ABORTED`, a refusal (another 4xx), a file to pick again and
   * every mistake. The default retry policy follows it; so can a `retryStrategy`.
   */
  retryable: boolean;
}

/** A mistake in the options or arguments: an `Error` whose `message` says what to fix. */
export interface OptionError extends Error {
  reason: "INVALID_OPTION";
  /** The message again. */
  title: string;
  /** The option at fault, e.g. `"chunkSize"`. */
  name: string;
  retryable: false;
}

/** What the library remembers of an interrupted upload (`rememberedUpload(key)`), in ms since 1970. */
export interface RememberedUpload {
  /** When the upload started. */
  startedAt: number;
  /** Until when a new uploader for the same file and credential continues it: 24 hours after it started. */
  expiresAt: number;
}

/** What `onRetry` listeners get: a request failed and will be tried again. */
export interface RetryEvent {
  /** This retry's number for the request: 1 for its first retry. */
  attempt: number;
  /** The wait before it, in ms; `null` when it waits for the network to come back (a failure while offline spends no retry). */
  delayMs: number | null;
  error: VideoUploadError;
}

export interface VideoAssets {
  iframe?: string;
  player?: string;
  hls?: string;
  thumbnail?: string;
  mp4?: string;
}

/** The video, as the official uploader gives it (`public` is `_public`; dates are `Date`s). */
export interface VideoUploadResponse {
  readonly videoId: string;
  readonly title?: string;
  readonly description?: string;
  readonly _public?: boolean;
  readonly panoramic?: boolean;
  readonly mp4Support?: boolean;
  readonly publishedAt?: Date;
  readonly createdAt?: Date;
  readonly updatedAt?: Date;
  readonly tags?: string[];
  readonly metadata?: { readonly key?: string; readonly value?: string }[];
  readonly source?: { readonly type?: string; readonly uri?: string };
  readonly assets?: VideoAssets;
}

export interface UploadTokensOptions {
  /** The API key. Trusted pages and tools only. */
  apiKey: string;
  /** As for the uploaders. */
  apiHost?: string;
}

export interface UploadToken {
  token: string;
  /** Seconds the token lives; 0 never expires. */
  ttl: number;
  /** ATOM date. */
  createdAt: string;
  /** ATOM date; absent for a token that never expires. */
  expiresAt?: string;
}

export interface UploadTokenListOptions {
  sortBy?: "createdAt" | "ttl";
  sortOrder?: "asc" | "desc";
  /** From 1. */
  currentPage?: number;
  /** 1 to 100, default 25. */
  pageSize?: number;
}

export interface PaginationLink {
  rel: "self" | "first" | "previous" | "next" | "last";
  uri: string;
}

export interface Pagination {
  currentPage: number;
  currentPageItems: number;
  pageSize: number;
  pagesTotal: number;
  itemsTotal: number;
  links: PaginationLink[];
}

export interface UploadTokenList {
  data: UploadToken[];
  pagination: Pagination;
}
