//! Storage: SQLite for tokens, videos and chunk bookkeeping; files for the bytes.
//!
//! The SQLite connection sits behind a mutex and is only used from blocking threads
//! ([`Storage::run`]), so request handlers never block the async runtime on disk.

pub mod db;
pub mod files;
pub mod incoming;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::Connection;

pub use files::{Files, TempFile};

#[derive(Debug)]
pub enum Error {
    Db(rusqlite::Error),
    Io(std::io::Error),
    Task(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Db(e) => write!(f, "database: {e}"),
            Error::Io(e) => write!(f, "disk: {e}"),
            Error::Task(e) => write!(f, "task: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Db(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Clone)]
pub struct Storage {
    inner: Arc<Inner>,
}

/// The SQLite database in a data directory: tokens, videos, chunk bookkeeping.
pub const DB_FILE: &str = "upload-server.sqlite3";

struct Inner {
    conn: Mutex<Connection>,
    files: Files,
    /// One lock per video, so a video's chunks are recorded and assembled one at a time
    /// while different videos go on in parallel. Entries stay for the process's life:
    /// one small entry per video touched.
    video_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Storage {
    /// Opens the data directory, creating it if needed: [`DB_FILE`] and the file tree beside it.
    pub fn open(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir)?;
        let conn = db::open(&data_dir.join(DB_FILE))?;
        let files = Files::open(data_dir)?;
        Ok(Storage {
            inner: Arc::new(Inner {
                conn: Mutex::new(conn),
                files,
                video_locks: Mutex::default(),
            }),
        })
    }

    pub fn files(&self) -> &Files {
        &self.inner.files
    }

    /// The connection, for code already on a blocking thread.
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back),
        // so a poisoned lock is safe to take over.
        self.inner
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `work` on a blocking thread with this storage.
    pub async fn run<T, E>(
        &self,
        work: impl FnOnce(&Storage) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        let storage = self.clone();
        tokio::task::spawn_blocking(move || work(&storage))
            .await
            .unwrap_or_else(|e| Err(Error::Task(e.to_string()).into()))
    }

    /// Runs one database function on a blocking thread.
    pub async fn db<T: Send + 'static>(
        &self,
        query: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T> {
        self.run(move |s| Ok(query(&mut s.conn())?)).await
    }

    /// Waits for exclusive use of one video's source.
    pub async fn lock_video(&self, video_id: &str) -> tokio::sync::OwnedMutexGuard<()> {
        let lock = {
            let mut locks = self
                .inner
                .video_locks
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            locks.entry(video_id.to_owned()).or_default().clone()
        };
        lock.lock_owned().await
    }

    /// Assembles the sources whose chunks had all arrived when an earlier run stopped.
    pub fn recover(&self) -> Result<usize> {
        let waiting = db::videos_awaiting_assembly(&self.conn())?;
        for id in &waiting {
            self.assemble(id)?;
        }
        Ok(waiting.len())
    }

    /// Concatenates a complete video's chunks into its source and records it.
    pub fn assemble(&self, video_id: &str) -> Result<()> {
        let state = db::source_state(&self.conn(), video_id)?;
        let size = self.files().assemble(video_id, &state.chunks)?;
        db::mark_complete(&self.conn(), video_id, size, crate::clock::now_ms())?;
        self.files().remove_chunks(video_id)?;
        Ok(())
    }
}
