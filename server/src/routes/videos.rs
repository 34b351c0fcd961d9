//! `/videos`: create an empty video, read, update its metadata, delete, list.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use serde::Serialize;

use crate::auth::ApiCredential;
use crate::problem::Problem;
use crate::query::{List, Params};
use crate::state::AppState;
use crate::storage::db::{self, Metadata, VideoFilter, VideoRow, VideoSort};
use crate::uploads::unknown_video;
use crate::{clock, ids};

/// The API's video object (OpenAPI `video`), the fields this server keeps. Asset URLs are
/// absolute, on the server's public URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Video {
    pub video_id: String,
    pub title: String,
    pub description: String,
    pub public: bool,
    pub panoramic: bool,
    pub mp4_support: bool,
    pub tags: Vec<String>,
    pub metadata: Vec<Metadata>,
    /// ATOM UTC, like every date the API shows.
    pub created_at: String,
    pub updated_at: String,
    /// `null` until published.
    pub published_at: Option<String>,
    /// Deleting is immediate here: never discarded, so the two dates below are `null`.
    pub discarded: bool,
    pub discarded_at: Option<String>,
    pub deletes_at: Option<String>,
    pub source: VideoSource,
    pub assets: VideoAssets,
}

/// `source`: where the file is uploaded (`POST /videos/{id}/source`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VideoSource {
    pub uri: String,
}

/// `assets`: served by [`super::assets`], without authentication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VideoAssets {
    pub iframe: String,
    pub player: String,
    pub hls: String,
    pub thumbnail: String,
    pub mp4: String,
}

impl Video {
    pub fn new(video: &VideoRow, public_url: &str) -> Self {
        let id = &video.id;
        let player = format!("{public_url}/vod/{id}");
        Video {
            video_id: id.clone(),
            title: video.title.clone(),
            description: video.description.clone(),
            public: video.public,
            panoramic: video.panoramic,
            mp4_support: video.mp4_support,
            tags: video.tags.clone(),
            metadata: video.metadata.clone(),
            created_at: clock::atom(video.created_at_ms),
            updated_at: clock::atom(video.updated_at_ms),
            published_at: video.published_at_ms.map(clock::atom),
            discarded: false,
            discarded_at: None,
            deletes_at: None,
            source: VideoSource {
                uri: format!("/videos/{id}/source"),
            },
            assets: VideoAssets {
                iframe: format!(
                    r#"<iframe src="{player}" width="100%" height="100%" frameborder="0" scrolling="no" allowfullscreen=""></iframe>"#
                ),
                hls: format!("{public_url}/vod/{id}/hls/manifest.m3u8"),
                thumbnail: format!("{public_url}/vod/{id}/thumbnail.jpg"),
                mp4: format!("{public_url}/vod/{id}/mp4/source.mp4"),
                player,
            },
        }
    }
}

/// The fields `POST /videos` and `PATCH /videos/{id}` take. Other fields of the full API
/// (playerId, language, watermark…) are accepted and ignored.
struct VideoFields {
    title: Option<String>,
    description: Option<String>,
    public: Option<bool>,
    panoramic: Option<bool>,
    mp4_support: Option<bool>,
    tags: Option<Vec<String>>,
    metadata: Option<Vec<Metadata>>,
}

impl VideoFields {
    fn parse(body: &Bytes) -> Result<Self, Problem> {
        let json = super::JsonFields::parse(body)?;
        Ok(VideoFields {
            title: json.string("title")?,
            description: json.string("description")?,
            public: json.boolean("public")?,
            panoramic: json.boolean("panoramic")?,
            mp4_support: json.boolean("mp4Support")?,
            tags: json.strings("tags")?,
            metadata: json.metadata("metadata")?,
        })
    }

    fn apply(self, video: &mut VideoRow) {
        if let Some(title) = self.title {
            video.title = title;
        }
        if let Some(description) = self.description {
            video.description = description;
        }
        if let Some(public) = self.public {
            video.public = public;
        }
        if let Some(panoramic) = self.panoramic {
            video.panoramic = panoramic;
        }
        if let Some(mp4_support) = self.mp4_support {
            video.mp4_support = mp4_support;
        }
        if let Some(tags) = self.tags {
            video.tags = tags;
        }
        if let Some(metadata) = self.metadata {
            video.metadata = metadata;
        }
    }
}

pub async fn create(
    State(app): State<AppState>,
    _: ApiCredential,
    body: Bytes,
) -> Result<(StatusCode, Json<Video>), Problem> {
    let fields = VideoFields::parse(&body)?;
    let title = match fields.title.as_deref() {
        Some(title) if !title.trim().is_empty() => title.to_owned(),
        _ => {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                "attribute-required",
                "title",
                "This attribute is required: give the video a `title`.",
            ));
        }
    };
    let mut video = VideoRow::new(ids::video(), None, title, clock::now_ms());
    fields.apply(&mut video);
    let row = video.clone();
    app.storage.db(move |c| db::insert_video(c, &row)).await?;
    Ok((
        StatusCode::CREATED,
        Json(Video::new(&video, &app.public_url)),
    ))
}

pub async fn get(
    State(app): State<AppState>,
    _: ApiCredential,
    Path(id): Path<String>,
) -> Result<Json<Video>, Problem> {
    let video = find(&app, &id).await?;
    Ok(Json(Video::new(&video, &app.public_url)))
}

pub async fn update(
    State(app): State<AppState>,
    _: ApiCredential,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Video>, Problem> {
    let fields = VideoFields::parse(&body)?;
    if fields.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(Problem::bad_request("title", "The title cannot be empty."));
    }
    let _guard = app.storage.lock_video(&id).await;
    let mut video = find(&app, &id).await?;
    fields.apply(&mut video);
    video.updated_at_ms = clock::now_ms();
    let row = video.clone();
    app.storage.db(move |c| db::update_video(c, &row)).await?;
    Ok(Json(Video::new(&video, &app.public_url)))
}

pub async fn delete(
    State(app): State<AppState>,
    _: ApiCredential,
    Path(id): Path<String>,
) -> Result<StatusCode, Problem> {
    let _guard = app.storage.lock_video(&id).await;
    let video_id = id.clone();
    let deleted = app
        .storage
        .run(move |s| -> Result<bool, Problem> {
            let deleted = db::delete_video(&s.conn(), &video_id)?;
            if deleted {
                s.files().remove_video(&video_id)?;
            }
            Ok(deleted)
        })
        .await?;
    if deleted {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(unknown_video(&id))
    }
}

pub async fn list(
    State(app): State<AppState>,
    _: ApiCredential,
    RawQuery(query): RawQuery,
) -> Result<Json<List<Video>>, Problem> {
    let params = Params::parse(query.as_deref());
    let sort = match params.get("sortBy") {
        None | Some("createdAt") => VideoSort::CreatedAt,
        Some("updatedAt") => VideoSort::UpdatedAt,
        Some("publishedAt") => VideoSort::PublishedAt,
        Some("title") => VideoSort::Title,
        Some(other) => {
            return Err(Problem::bad_request(
                "sortBy",
                format!(
                    "sortBy `{other}` is not allowed: use `createdAt`, `updatedAt`, `publishedAt` or `title`."
                ),
            ));
        }
    };
    let order = params.order()?;
    let page = params.page()?;
    let filter = VideoFilter {
        title: params.get("title").map(str::to_owned),
        tags: params.all("tags[]"),
    };
    let mut keep: Vec<(&str, String)> = ["sortBy", "sortOrder", "title"]
        .into_iter()
        .filter_map(|k| params.get(k).map(|v| (k, v.to_owned())))
        .collect();
    keep.extend(filter.tags.iter().map(|t| ("tags[]", t.clone())));
    let (rows, total) = app
        .storage
        .db(move |c| db::list_videos(c, &filter, sort, order, page.offset(), page.size))
        .await?;
    Ok(Json(List {
        data: rows
            .iter()
            .map(|v| Video::new(v, &app.public_url))
            .collect(),
        pagination: page.pagination("/videos", rows.len(), total, &keep),
    }))
}

/// The video, or the 404 problem naming `videoId`.
pub async fn find(app: &AppState, id: &str) -> Result<VideoRow, Problem> {
    let lookup = id.to_owned();
    app.storage
        .db(move |c| db::find_video(c, &lookup))
        .await?
        .ok_or_else(|| unknown_video(id))
}
