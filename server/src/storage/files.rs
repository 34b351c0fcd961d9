//! The file side of storage: incoming chunks, assembled sources, all under the data directory.
//!
//! ```text
//! <data>/tmp/<random>                 a chunk being received (removed at start-up)
//! <data>/videos/<id>/chunks/<seq>     a stored chunk, until the source is assembled
//! <data>/videos/<id>/source           the assembled file, served as assets.mp4
//! ```
//!
//! Every write that a 201 acknowledges is fsynced, and renames are followed by an fsync of
//! the directory, so acknowledged data survives a crash (PROTOCOL.md, rule 9).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::source::Chunk;

#[derive(Debug)]
pub struct Files {
    root: PathBuf,
}

impl Files {
    /// Prepares the folders and clears chunks left half-received by an earlier run.
    pub fn open(root: &Path) -> io::Result<Self> {
        let files = Files {
            root: root.to_path_buf(),
        };
        let tmp = files.tmp_dir();
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir_all(&tmp)?;
        fs::create_dir_all(root.join("videos"))?;
        Ok(files)
    }

    pub fn tmp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    fn video_dir(&self, video_id: &str) -> PathBuf {
        self.root.join("videos").join(video_id)
    }

    fn chunks_dir(&self, video_id: &str) -> PathBuf {
        self.video_dir(video_id).join("chunks")
    }

    fn chunk_path(&self, video_id: &str, seq: u64) -> PathBuf {
        self.chunks_dir(video_id).join(format!("{seq:020}"))
    }

    pub fn source_path(&self, video_id: &str) -> PathBuf {
        self.video_dir(video_id).join("source")
    }

    /// Moves a fully received (and fsynced) temporary file into place as a chunk,
    /// replacing a chunk of the same key: a re-send overwrites atomically.
    pub fn commit_chunk(&self, temp: &Path, video_id: &str, seq: u64) -> io::Result<()> {
        let dir = self.chunks_dir(video_id);
        fs::create_dir_all(&dir)?;
        fs::rename(temp, self.chunk_path(video_id, seq))?;
        sync_dir(&dir)
    }

    /// Writes a re-sent chunk into an already assembled source, in place.
    pub fn write_in_place(&self, temp: &Path, video_id: &str, offset: u64) -> io::Result<()> {
        let mut source = OpenOptions::new()
            .write(true)
            .open(self.source_path(video_id))?;
        source.seek(SeekFrom::Start(offset))?;
        io::copy(&mut File::open(temp)?, &mut source)?;
        source.sync_all()?;
        fs::remove_file(temp)
    }

    /// Concatenates the chunks in order into the source file; returns its size.
    /// The chunks stay until [`Files::remove_chunks`], so a crash here loses nothing.
    pub fn assemble(&self, video_id: &str, chunks: &[Chunk]) -> io::Result<u64> {
        let dir = self.video_dir(video_id);
        let partial = dir.join("source.partial");
        let mut out = File::create(&partial)?;
        let mut size = 0;
        for chunk in chunks {
            // std's copy between files uses copy_file_range on Linux: no trip through user space
            // (elsewhere an 8 KiB buffer): a chunk is never read whole into memory.
            size += io::copy(
                &mut File::open(self.chunk_path(video_id, chunk.seq))?,
                &mut out,
            )?;
        }
        out.sync_all()?;
        fs::rename(&partial, self.source_path(video_id))?;
        sync_dir(&dir)?;
        Ok(size)
    }

    pub fn remove_chunks(&self, video_id: &str) -> io::Result<()> {
        remove_dir_if_present(&self.chunks_dir(video_id))
    }

    pub fn remove_video(&self, video_id: &str) -> io::Result<()> {
        remove_dir_if_present(&self.video_dir(video_id))
    }
}

fn remove_dir_if_present(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Makes a rename in `dir` durable.
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// A chunk being received: removed on drop unless it was moved into place.
#[derive(Debug)]
pub struct TempFile {
    path: PathBuf,
}

impl TempFile {
    pub fn new(files: &Files) -> Self {
        TempFile {
            path: files.tmp_dir().join(crate::ids::random("", 24)),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // Gone already when it was committed; any other failure only leaves a file that
        // the next start-up clears.
        let _ = fs::remove_file(&self.path);
    }
}
