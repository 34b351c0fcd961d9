
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

/** What `upload()` rejects with. */
export interface VideoUploadError {
  /** The HTTP status, when the server answered. */
  status?: number;
  /** The problem's documentation link. */
  type?: string;
  /** What went wrong, in words. */
  title?: string;
  /** The field or header at fault. */
  name?: string;
  /** `"ABORTED"`, `"NETWORK_ERROR"`, `"NETWORK_TIMEOUT"`, `"UNKNOWN"`, or a local reason such as `"VIDEO_TOO_LONG"` or (to `onPlayableError`) `"PLAYABLE_TIMEOUT"`. An error answer's own JSON fields (a `requestId`, …) are there too. */
  reason?: string;
  /** The answer's body as received. */
  raw?: string;
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
