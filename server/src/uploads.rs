//! Storing one received chunk: place it (the rules in [`crate::source`]), move its bytes into
//! place, record it, and assemble the source when it was the last one missing.
//!
//! Called by both upload endpoints once they have authenticated the caller and streamed the
//! file part to a temporary file.

use crate::clock;
use crate::content_range::ContentRange;
use crate::ids;
use crate::problem::Problem;
use crate::source::{Chunk, SourceState};
use crate::storage::db::{self, VideoRow};
use crate::storage::{Storage, TempFile};

/// The file part of a request, already on disk.
#[derive(Debug)]
pub struct ReceivedFile {
    pub temp: TempFile,
    pub len: u64,
    pub file_name: String,
    pub content_type: Option<String>,
}

/// Which video a chunk belongs to.
#[derive(Debug, Clone)]
pub enum Target {
    /// The first chunk of a delegated upload: a new video owned by `token`.
    New { token: String },
    /// A chunk for a video that exists (checked by the caller, checked again under the lock).
    Existing { video_id: String },
}

/// Stores the chunk and answers the video as it is afterwards.
pub async fn store_chunk(
    storage: &Storage,
    target: Target,
    range: Option<ContentRange>,
    file: ReceivedFile,
) -> Result<VideoRow, Problem> {
    let range = match range {
        Some(range) => range,
        None => ContentRange::whole(file.len).ok_or_else(|| {
            Problem::bad_request(
                "file",
                "The file is empty: there is nothing to upload. Pick a file of at least one byte.",
            )
        })?,
    };
    let video_id = match &target {
        Target::New { .. } => ids::video(),
        Target::Existing { video_id } => video_id.clone(),
    };
    // Held across the blocking work: one video's chunks are recorded one at a time.
    let _guard = storage.lock_video(&video_id).await;
    storage
        .run(move |storage| store_locked(storage, target, video_id, range, file))
        .await
}

fn store_locked(
    storage: &Storage,
    target: Target,
    video_id: String,
    range: ContentRange,
    file: ReceivedFile,
) -> Result<VideoRow, Problem> {
    let now = clock::now_ms();
    let (state, existing) = match &target {
        Target::New { .. } => (SourceState::default(), None),
        Target::Existing { video_id } => {
            let conn = storage.conn();
            // Deleted since the caller looked it up: same answer as an unknown video.
            let video = db::find_video(&conn, video_id)?.ok_or_else(|| unknown_video(video_id))?;
            (db::source_state(&conn, video_id)?, Some(video))
        }
    };
    let placement = state.place(range, file.len).map_err(Problem::bad_range)?;
    let already_complete = existing.as_ref().is_some_and(VideoRow::is_complete);

    if already_complete {
        storage.files().write_in_place(
            file.temp.path(),
            &video_id,
            state.offset_of(placement.seq),
        )?;
    } else {
        storage
            .files()
            .commit_chunk(file.temp.path(), &video_id, placement.seq)?;
    }

    {
        let mut conn = storage.conn();
        let tx = conn.transaction()?;
        if let Target::New { token } = &target {
            db::insert_video(
                &tx,
                &VideoRow::new(
                    video_id.clone(),
                    Some(token.clone()),
                    file.file_name.clone(),
                    now,
                ),
            )?;
        }
        let content_type = content_type(&file);
        db::record_chunk(
            &tx,
            &video_id,
            placement.mode,
            Chunk {
                seq: placement.seq,
                size: file.len,
            },
            content_type.as_deref(),
        )?;
        tx.commit()?;
    }

    if placement.completes && !already_complete {
        storage.assemble(&video_id)?;
    }
    let conn = storage.conn();
    db::find_video(&conn, &video_id)?.ok_or_else(|| unknown_video(&video_id))
}

pub fn unknown_video(video_id: &str) -> Problem {
    Problem::not_found(
        "videoId",
        format!(
            "Video `{video_id}` does not exist for this upload: send the `videoId` returned by the first chunk of this same upload, or leave it out to start a new video."
        ),
    )
}

/// The source's media type: the part's own when it says something useful, else the file
/// name's extension, so browsers get a playable `Content-Type` for `assets.mp4`.
fn content_type(file: &ReceivedFile) -> Option<String> {
    let declared = file
        .content_type
        .as_deref()
        .filter(|t| *t != "application/octet-stream" && t.parse::<mime::Mime>().is_ok());
    if let Some(declared) = declared {
        return Some(declared.to_owned());
    }
    let extension = file
        .file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())?;
    let guessed = match extension.as_str() {
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "webm" => "video/webm",
        "mkv" => "video/x-matroska",
        "ogv" | "ogg" => "video/ogg",
        "avi" => "video/x-msvideo",
        "ts" => "video/mp2t",
        "mpeg" | "mpg" => "video/mpeg",
        _ => return None,
    };
    Some(guessed.to_owned())
}
