//! Bounded memory: 32 uploads of 64 MiB at once, each in 8 MiB chunks sent four at a time
//! (128 chunk requests in flight), and the server's peak resident set stays under 128 MiB.
//!
//! The bodies are generated while they are sent and checked while the sources are read
//! back, so the test itself holds a few MiB, not the 2 GiB it moves. The peak is the
//! server's `VmHWM` (Linux); run against another build with `UPLOAD_SERVER_TEST_BIN`.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_util::{StreamExt, stream};
use reqwest::header::CONTENT_RANGE;
use reqwest::multipart::{Form, Part};
use reqwest::{Body, Client, StatusCode};
use serde_json::Value;
use tokio::sync::Barrier;

use support::*;

const UPLOADS: usize = 32;
const FILE_SIZE: u64 = 64 * MIB as u64;
const CHUNK_SIZE: u64 = 8 * MIB as u64;
const PARALLEL_CHUNKS: usize = 4;
/// The goal of issue 9.
const PEAK_LIMIT_KIB: u64 = 128 * 1024;
/// How much of a body is generated at a time.
const PIECE: usize = 64 * 1024;

/// The bytes of all uploads: a prime-length random pool read cyclically from a different
/// start for each upload. A prime period never lines up with a chunk, so a chunk stored at
/// the wrong place, or in the wrong video, differs from what belongs there. Copying from
/// the pool is cheap even in a debug build, unlike generating 4 GiB (sent, then checked).
struct Content {
    pool: Vec<u8>,
}

impl Content {
    /// A prime just under 1 MiB.
    const PERIOD: usize = 1_048_573;

    fn new() -> Self {
        Content {
            pool: test_data(Self::PERIOD, 9),
        }
    }

    /// Fills `out` with upload `upload`'s bytes from `offset` on.
    fn fill(&self, upload: usize, offset: u64, out: &mut [u8]) {
        let start = (offset + upload as u64 * 7919) % Self::PERIOD as u64;
        let mut at = start as usize;
        let mut done = 0;
        while done < out.len() {
            let n = (out.len() - done).min(Self::PERIOD - at);
            out[done..done + n].copy_from_slice(&self.pool[at..at + n]);
            done += n;
            at = 0;
        }
    }
}

/// Reads the server's peak resident set so far, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_else(|e| panic!("read /proc/{pid}/status: {e}"));
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().strip_suffix("kB"))
        .and_then(|kib| kib.trim().parse().ok())
        .unwrap_or_else(|| panic!("no VmHWM in /proc/{pid}/status:\n{status}"))
}

/// What the uploads share: the server, the bytes, and the count of requests in flight.
struct Run {
    api: Api,
    http: Client,
    token: String,
    content: Content,
    /// Every upload's first parallel round waits here, so all 128 requests are open at once.
    round: Barrier,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
}

impl Run {
    /// Sends chunk `index` of upload `upload`, its body generated as it goes out.
    async fn send_chunk(
        self: &Arc<Self>,
        upload: usize,
        index: u64,
        video_id: Option<&str>,
        wait: bool,
    ) -> Value {
        let first = index * CHUNK_SIZE;
        let len = CHUNK_SIZE.min(FILE_SIZE - first);
        let run = Arc::clone(self);
        let pieces = stream::unfold(0u64, move |sent| {
            let run = Arc::clone(&run);
            async move {
                if sent == 0 && wait {
                    run.round.wait().await;
                }
                if sent == len {
                    return None;
                }
                let mut piece = vec![0; (len - sent).min(PIECE as u64) as usize];
                run.content.fill(upload, first + sent, &mut piece);
                let n = piece.len() as u64;
                Some((Ok::<_, std::io::Error>(piece), sent + n))
            }
        });
        let part = Part::stream_with_length(Body::wrap_stream(pieces), len)
            .file_name("video.mp4")
            .mime_str("video/mp4")
            .expect("a valid mime type");
        let mut form = Form::new();
        if let Some(id) = video_id {
            form = form.text("videoId", id.to_owned());
        }
        let request = self
            .http
            .post(self.api.url("/upload"))
            .query(&[("token", self.token.as_str())])
            .header(
                CONTENT_RANGE,
                format!("bytes {first}-{}/{FILE_SIZE}", first + len - 1),
            )
            .multipart(form.part("file", part));

        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_in_flight.fetch_max(now, Ordering::SeqCst);
        let answer = request.send().await;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        let answer =
            answer.unwrap_or_else(|e| panic!("upload {upload}, chunk {index}: no answer: {e:?}"));
        let status = answer.status();
        let text = answer
            .text()
            .await
            .unwrap_or_else(|e| panic!("upload {upload}, chunk {index}: {e}"));
        assert_eq!(
            status,
            StatusCode::CREATED,
            "upload {upload}, chunk {index}: {text}"
        );
        serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("upload {upload}, chunk {index}: {e}: {text}"))
    }

    /// One upload: the first chunk creates the video, the rest go four at a time.
    async fn upload(self: Arc<Self>, upload: usize) -> Value {
        let first = self.send_chunk(upload, 0, None, false).await;
        let video_id = video_id_of(&first);
        let chunks = FILE_SIZE.div_ceil(CHUNK_SIZE);
        let answers: Vec<Value> = stream::iter(1..chunks)
            .map(|index| {
                let video_id = video_id.clone();
                let run = Arc::clone(&self);
                async move {
                    run.send_chunk(
                        upload,
                        index,
                        Some(&video_id),
                        index <= PARALLEL_CHUNKS as u64,
                    )
                    .await
                }
            })
            .buffer_unordered(PARALLEL_CHUNKS)
            .collect()
            .await;
        drop(answers);
        self.api.get_video(&video_id).await
    }

    /// Reads upload `upload`'s source back and compares it with what was sent, piece by piece.
    async fn check_source(&self, upload: usize, video: &Value) {
        let url = mp4_url(video);
        let answer = self
            .http
            .get(&url)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
        assert_eq!(answer.status(), StatusCode::OK, "GET {url}");
        let mut body = answer.bytes_stream();
        let mut expected = Vec::new();
        let mut offset = 0u64;
        while let Some(bytes) = body.next().await {
            let bytes = bytes.unwrap_or_else(|e| panic!("GET {url}: {e}"));
            expected.resize(bytes.len(), 0);
            self.content.fill(upload, offset, &mut expected);
            if bytes[..] != expected[..] {
                let at = bytes
                    .iter()
                    .zip(&expected)
                    .position(|(a, b)| a != b)
                    .unwrap_or(0) as u64;
                panic!(
                    "upload {upload}: the assembled source differs from what was sent at byte {}",
                    offset + at
                );
            }
            offset += bytes.len() as u64;
        }
        assert_eq!(
            offset, FILE_SIZE,
            "upload {upload}: length of the assembled source"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_parallel_chunked_uploads_keep_the_server_under_128_mib() {
    let srv = TestServer::start();
    let pid = srv.pid().expect("the server runs");
    let token = srv.new_token(None).await;
    // A client of its own: the shared one's 30 s timeout is for single exchanges, not for
    // 2 GiB through a debug build on a busy machine.
    let http = Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .expect("build a reqwest client");
    let run = Arc::new(Run {
        api: srv.api.clone(),
        http,
        token,
        content: Content::new(),
        round: Barrier::new(UPLOADS * PARALLEL_CHUNKS),
        in_flight: AtomicUsize::new(0),
        most_in_flight: AtomicUsize::new(0),
    });
    let started = std::time::Instant::now();
    let uploads: Vec<_> = (0..UPLOADS)
        .map(|upload| tokio::spawn(Arc::clone(&run).upload(upload)))
        .collect();
    let mut videos = Vec::new();
    for upload in uploads {
        videos.push(upload.await.expect("an upload task"));
    }
    let upload_time = started.elapsed();
    let after_uploads = peak_rss_kib(pid);

    for (upload, video) in videos.iter().enumerate() {
        run.check_source(upload, video).await;
    }
    let after_reads = peak_rss_kib(pid);
    eprintln!(
        "{UPLOADS} uploads of {} MiB in {} MiB chunks, {} requests in flight at most: uploaded in {:.1} s, checked in {:.1} s; server peak RSS (VmHWM) {:.1} MiB after the uploads, {:.1} MiB after reading the sources back ({})",
        FILE_SIZE >> 20,
        CHUNK_SIZE >> 20,
        run.most_in_flight.load(Ordering::SeqCst),
        upload_time.as_secs_f64(),
        (started.elapsed() - upload_time).as_secs_f64(),
        after_uploads as f64 / 1024.0,
        after_reads as f64 / 1024.0,
        bin(),
    );
    assert_eq!(
        run.most_in_flight.load(Ordering::SeqCst),
        UPLOADS * PARALLEL_CHUNKS,
        "requests in flight at once"
    );
    assert!(
        after_reads < PEAK_LIMIT_KIB,
        "the server's peak RSS is {after_reads} KiB, over the {PEAK_LIMIT_KIB} KiB goal"
    );
}
