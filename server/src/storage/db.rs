//! The SQLite side of storage: tokens, access tokens, videos and chunk bookkeeping.
//!
//! Plain functions over a `Connection`, so a caller can group several in one transaction.
//! Times are milliseconds since the epoch; sizes are bytes.

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::source::{Chunk, Mode, SourceState};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS upload_tokens (
    token         TEXT PRIMARY KEY,
    ttl           INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER,          -- NULL: never expires
    deleted_at_ms INTEGER           -- kept so a deleted token gets a precise message
);
CREATE TABLE IF NOT EXISTS access_tokens (
    access_token  TEXT PRIMARY KEY,
    refresh_token TEXT NOT NULL UNIQUE,
    expires_at_ms INTEGER NOT NULL,
    refreshed     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS videos (
    id              TEXT PRIMARY KEY,
    token           TEXT,           -- the upload token that created it; NULL: the API key
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    public          INTEGER NOT NULL DEFAULT 1,
    panoramic       INTEGER NOT NULL DEFAULT 0,
    mp4_support     INTEGER NOT NULL DEFAULT 1,
    tags            TEXT NOT NULL DEFAULT '[]',
    metadata        TEXT NOT NULL DEFAULT '[]',
    created_at_ms   INTEGER NOT NULL,
    updated_at_ms   INTEGER NOT NULL,
    published_at_ms INTEGER,
    upload_mode     TEXT,           -- 'bytes' or 'parts', fixed by the first chunk
    upload_total    INTEGER,        -- bytes: the file size; parts: the count once known
    content_type    TEXT,
    source_size     INTEGER,
    completed_at_ms INTEGER         -- set once the assembled source is on disk
);
CREATE TABLE IF NOT EXISTS chunks (
    video_id TEXT NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,      -- first byte (bytes mode) or part number (parts mode)
    size     INTEGER NOT NULL,
    PRIMARY KEY (video_id, seq)
);
";

/// Opens (creating when needed) the database with the settings durability needs:
/// WAL with `synchronous=FULL` makes every commit reach the disk before it returns.
pub fn open(path: &std::path::Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.execute_batch(SCHEMA)?;
    Ok(conn)
}

// ---------------------------------------------------------------- upload tokens

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub token: String,
    pub ttl: i64,
    pub created_at_ms: i64,
    pub expires_at_ms: Option<i64>,
    pub deleted_at_ms: Option<i64>,
}

impl TokenRow {
    pub fn is_expired(&self, now_ms: i64) -> bool {
        self.expires_at_ms.is_some_and(|at| now_ms >= at)
    }

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok(TokenRow {
            token: row.get("token")?,
            ttl: row.get("ttl")?,
            created_at_ms: row.get("created_at_ms")?,
            expires_at_ms: row.get("expires_at_ms")?,
            deleted_at_ms: row.get("deleted_at_ms")?,
        })
    }
}

pub fn insert_token(
    conn: &Connection,
    token: &str,
    ttl: i64,
    now_ms: i64,
) -> rusqlite::Result<TokenRow> {
    let expires_at_ms = (ttl > 0).then(|| now_ms + ttl * 1000);
    conn.execute(
        "INSERT INTO upload_tokens (token, ttl, created_at_ms, expires_at_ms) VALUES (?1, ?2, ?3, ?4)",
        params![token, ttl, now_ms, expires_at_ms],
    )?;
    Ok(TokenRow {
        token: token.into(),
        ttl,
        created_at_ms: now_ms,
        expires_at_ms,
        deleted_at_ms: None,
    })
}

/// The token, deleted or not: callers tell "unknown" from "deleted" in their messages.
pub fn find_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<TokenRow>> {
    conn.query_row(
        "SELECT * FROM upload_tokens WHERE token = ?1",
        [token],
        TokenRow::from_row,
    )
    .optional()
}

/// Marks the token deleted; false when it was unknown or already deleted.
pub fn delete_token(conn: &Connection, token: &str, now_ms: i64) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE upload_tokens SET deleted_at_ms = ?2 WHERE token = ?1 AND deleted_at_ms IS NULL",
        params![token, now_ms],
    )?;
    Ok(changed == 1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSort {
    CreatedAt,
    /// Time left: a token that never expires has the most.
    Ttl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

impl Order {
    fn sql(self) -> &'static str {
        match self {
            Order::Asc => "ASC",
            Order::Desc => "DESC",
        }
    }
}

/// One page of the active tokens (neither expired nor deleted), and how many there are.
pub fn list_tokens(
    conn: &Connection,
    sort: TokenSort,
    order: Order,
    offset: u64,
    limit: u64,
    now_ms: i64,
) -> rusqlite::Result<(Vec<TokenRow>, u64)> {
    const ACTIVE: &str = "deleted_at_ms IS NULL AND (expires_at_ms IS NULL OR expires_at_ms > ?1)";
    let dir = order.sql();
    let order_by = match sort {
        TokenSort::CreatedAt => format!("created_at_ms {dir}, rowid {dir}"),
        TokenSort::Ttl => {
            format!("(expires_at_ms IS NULL) {dir}, expires_at_ms {dir}, rowid {dir}")
        }
    };
    let total: u64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM upload_tokens WHERE {ACTIVE}"),
        [now_ms],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT * FROM upload_tokens WHERE {ACTIVE} ORDER BY {order_by} LIMIT ?2 OFFSET ?3"
    ))?;
    let rows = stmt
        .query_map(
            params![now_ms, limit as i64, offset as i64],
            TokenRow::from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total))
}

// ---------------------------------------------------------------- access tokens

pub fn insert_access_token(
    conn: &Connection,
    access: &str,
    refresh: &str,
    expires_at_ms: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO access_tokens (access_token, refresh_token, expires_at_ms) VALUES (?1, ?2, ?3)",
        params![access, refresh, expires_at_ms],
    )?;
    Ok(())
}

pub fn access_token_valid(conn: &Connection, access: &str, now_ms: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT COUNT(*) FROM access_tokens WHERE access_token = ?1 AND expires_at_ms > ?2",
        params![access, now_ms],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
}

/// Spends a refresh token: true once, false for an unknown or already used one.
pub fn spend_refresh_token(conn: &Connection, refresh: &str) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE access_tokens SET refreshed = 1 WHERE refresh_token = ?1 AND refreshed = 0",
        [refresh],
    )?;
    Ok(changed == 1)
}

// ---------------------------------------------------------------- videos

#[derive(Debug, Clone, PartialEq)]
pub struct VideoRow {
    pub id: String,
    pub token: Option<String>,
    pub title: String,
    pub description: String,
    pub public: bool,
    pub panoramic: bool,
    pub mp4_support: bool,
    pub tags: Vec<String>,
    pub metadata: Vec<Metadata>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub published_at_ms: Option<i64>,
    pub content_type: Option<String>,
    pub source_size: Option<i64>,
    pub completed_at_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    pub key: String,
    pub value: String,
}

impl VideoRow {
    /// A fresh video as `POST /videos` or a first chunk creates it.
    pub fn new(id: String, token: Option<String>, title: String, now_ms: i64) -> Self {
        VideoRow {
            id,
            token,
            title,
            description: String::new(),
            public: true,
            panoramic: false,
            mp4_support: true,
            tags: Vec::new(),
            metadata: Vec::new(),
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
            published_at_ms: Some(now_ms),
            content_type: None,
            source_size: None,
            completed_at_ms: None,
        }
    }

    pub fn is_complete(&self) -> bool {
        self.completed_at_ms.is_some()
    }

    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        let tags: String = row.get("tags")?;
        let metadata: String = row.get("metadata")?;
        Ok(VideoRow {
            id: row.get("id")?,
            token: row.get("token")?,
            title: row.get("title")?,
            description: row.get("description")?,
            public: row.get("public")?,
            panoramic: row.get("panoramic")?,
            mp4_support: row.get("mp4_support")?,
            // Written by us as JSON; an unreadable value reads as empty rather than failing.
            tags: serde_json::from_str(&tags).unwrap_or_default(),
            metadata: serde_json::from_str(&metadata).unwrap_or_default(),
            created_at_ms: row.get("created_at_ms")?,
            updated_at_ms: row.get("updated_at_ms")?,
            published_at_ms: row.get("published_at_ms")?,
            content_type: row.get("content_type")?,
            source_size: row.get("source_size")?,
            completed_at_ms: row.get("completed_at_ms")?,
        })
    }
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

pub fn insert_video(conn: &Connection, v: &VideoRow) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO videos (id, token, title, description, public, panoramic, mp4_support, tags, metadata,
                             created_at_ms, updated_at_ms, published_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            v.id,
            v.token,
            v.title,
            v.description,
            v.public,
            v.panoramic,
            v.mp4_support,
            json(&v.tags),
            json(&v.metadata),
            v.created_at_ms,
            v.updated_at_ms,
            v.published_at_ms
        ],
    )?;
    Ok(())
}

/// Writes back the fields `PATCH /videos/{id}` may change.
pub fn update_video(conn: &Connection, v: &VideoRow) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE videos SET title = ?2, description = ?3, public = ?4, panoramic = ?5, mp4_support = ?6,
                           tags = ?7, metadata = ?8, updated_at_ms = ?9
         WHERE id = ?1",
        params![
            v.id,
            v.title,
            v.description,
            v.public,
            v.panoramic,
            v.mp4_support,
            json(&v.tags),
            json(&v.metadata),
            v.updated_at_ms
        ],
    )?;
    Ok(())
}

pub fn find_video(conn: &Connection, id: &str) -> rusqlite::Result<Option<VideoRow>> {
    conn.query_row(
        "SELECT * FROM videos WHERE id = ?1",
        [id],
        VideoRow::from_row,
    )
    .optional()
}

pub fn delete_video(conn: &Connection, id: &str) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM videos WHERE id = ?1", [id])? == 1)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoSort {
    CreatedAt,
    UpdatedAt,
    PublishedAt,
    Title,
}

#[derive(Debug, Clone, Default)]
pub struct VideoFilter {
    /// Videos whose title contains this text.
    pub title: Option<String>,
    /// Videos that carry every one of these tags.
    pub tags: Vec<String>,
}

pub fn list_videos(
    conn: &Connection,
    filter: &VideoFilter,
    sort: VideoSort,
    order: Order,
    offset: u64,
    limit: u64,
) -> rusqlite::Result<(Vec<VideoRow>, u64)> {
    let column = match sort {
        VideoSort::CreatedAt => "created_at_ms",
        VideoSort::UpdatedAt => "updated_at_ms",
        VideoSort::PublishedAt => "published_at_ms",
        VideoSort::Title => "title",
    };
    let dir = order.sql();
    // ?1: title pattern (NULL: any), ?2: JSON array of required tags, ?3: their count.
    let filter_sql = "(?1 IS NULL OR instr(title, ?1) > 0)
        AND (SELECT COUNT(DISTINCT j.value) FROM json_each(videos.tags) j
             WHERE j.value IN (SELECT value FROM json_each(?2))) = ?3";
    let tags = json(&filter.tags);
    let wanted = filter
        .tags
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len() as i64;
    let total: u64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM videos WHERE {filter_sql}"),
        params![filter.title, tags, wanted],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(&format!(
        "SELECT * FROM videos WHERE {filter_sql} ORDER BY {column} {dir}, rowid {dir} LIMIT ?4 OFFSET ?5"
    ))?;
    let rows = stmt
        .query_map(
            params![filter.title, tags, wanted, limit as i64, offset as i64],
            VideoRow::from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((rows, total))
}

// ---------------------------------------------------------------- chunks

pub fn source_state(conn: &Connection, video_id: &str) -> rusqlite::Result<SourceState> {
    let (mode, total): (Option<String>, Option<i64>) = conn.query_row(
        "SELECT upload_mode, upload_total FROM videos WHERE id = ?1",
        [video_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mode = match mode.as_deref() {
        Some("bytes") => Some(Mode::Bytes {
            total: total.unwrap_or(0) as u64,
        }),
        Some("parts") => Some(Mode::Parts {
            count: total.map(|n| n as u64),
        }),
        _ => None,
    };
    let mut stmt = conn.prepare("SELECT seq, size FROM chunks WHERE video_id = ?1 ORDER BY seq")?;
    let chunks = stmt
        .query_map([video_id], |r| {
            Ok(Chunk {
                seq: r.get::<_, i64>(0)? as u64,
                size: r.get::<_, i64>(1)? as u64,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(SourceState { mode, chunks })
}

/// Records a stored chunk and the mode it confirms, in one statement group the caller
/// wraps in a transaction.
pub fn record_chunk(
    conn: &Connection,
    video_id: &str,
    mode: Mode,
    chunk: Chunk,
    content_type: Option<&str>,
) -> rusqlite::Result<()> {
    let (mode_name, total) = match mode {
        Mode::Bytes { total } => ("bytes", Some(total as i64)),
        Mode::Parts { count } => ("parts", count.map(|n| n as i64)),
    };
    conn.execute(
        "UPDATE videos SET upload_mode = ?2, upload_total = ?3, content_type = COALESCE(content_type, ?4) WHERE id = ?1",
        params![video_id, mode_name, total, content_type],
    )?;
    conn.execute(
        "INSERT INTO chunks (video_id, seq, size) VALUES (?1, ?2, ?3)
         ON CONFLICT (video_id, seq) DO UPDATE SET size = excluded.size",
        params![video_id, chunk.seq as i64, chunk.size as i64],
    )?;
    Ok(())
}

pub fn mark_complete(
    conn: &Connection,
    video_id: &str,
    size: u64,
    now_ms: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE videos SET source_size = ?2, completed_at_ms = ?3, updated_at_ms = ?3 WHERE id = ?1",
        params![video_id, size as i64, now_ms],
    )?;
    Ok(())
}

/// Videos whose chunks all arrived but whose source was not assembled (a crash in between).
pub fn videos_awaiting_assembly(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM videos WHERE completed_at_ms IS NULL AND upload_mode IS NOT NULL",
    )?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    let mut waiting = Vec::new();
    for id in ids {
        if source_state(conn, &id)?.is_complete() {
            waiting.push(id);
        }
    }
    Ok(waiting)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Connection {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(SCHEMA).expect("schema");
        conn
    }

    #[test]
    fn tokens_sort_by_time_left_with_never_expiring_ones_last() {
        let conn = memory();
        insert_token(&conn, "forever", 0, 1_000).unwrap();
        insert_token(&conn, "short", 10, 2_000).unwrap();
        insert_token(&conn, "long", 1000, 3_000).unwrap();
        let names = |order| {
            list_tokens(&conn, TokenSort::Ttl, order, 0, 10, 5_000)
                .unwrap()
                .0
                .into_iter()
                .map(|t| t.token)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Order::Asc), ["short", "long", "forever"]);
        assert_eq!(names(Order::Desc), ["forever", "long", "short"]);
        // At 13 s the 10 s token (created at 2 s) has expired and is no longer listed.
        let (rows, total) =
            list_tokens(&conn, TokenSort::CreatedAt, Order::Asc, 0, 10, 13_000).unwrap();
        assert_eq!(total, 2);
        assert_eq!(
            rows.iter().map(|t| t.token.as_str()).collect::<Vec<_>>(),
            ["forever", "long"]
        );
    }

    #[test]
    fn videos_filter_by_title_and_all_tags() {
        let conn = memory();
        let mut a = VideoRow::new("a".into(), None, "Maths lesson".into(), 1);
        a.tags = vec!["maths".into(), "school".into()];
        let mut b = VideoRow::new("b".into(), None, "Holiday".into(), 2);
        b.tags = vec!["school".into()];
        insert_video(&conn, &a).unwrap();
        insert_video(&conn, &b).unwrap();
        let ids = |filter: VideoFilter| {
            list_videos(&conn, &filter, VideoSort::CreatedAt, Order::Asc, 0, 10)
                .unwrap()
                .0
                .into_iter()
                .map(|v| v.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(VideoFilter::default()), ["a", "b"]);
        assert_eq!(
            ids(VideoFilter {
                title: Some("lesson".into()),
                tags: vec![]
            }),
            ["a"]
        );
        assert_eq!(
            ids(VideoFilter {
                title: None,
                tags: vec!["school".into()]
            }),
            ["a", "b"]
        );
        assert_eq!(
            ids(VideoFilter {
                title: None,
                tags: vec!["school".into(), "maths".into()]
            }),
            ["a"]
        );
        assert_eq!(
            ids(VideoFilter {
                title: None,
                tags: vec!["art".into()]
            }),
            Vec::<String>::new()
        );
    }
}
