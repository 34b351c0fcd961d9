//! Property tests through the real server: any `Content-Range` value gets a 201 or a 400
//! with a problem body, and a file cut in chunks arrives whole whatever the order, the mode,
//! the re-sends and the concurrency. Few cases, each a real exchange; the parser and the
//! placement rules have their many-case properties beside their code.

mod support;

use std::ops::Range;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use upload_server::content_range;
use upload_server::source::SourceState;

use support::*;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        max_shrink_iters: 64,
        failure_persistence: None,
        ..Config::default()
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().expect("a tokio runtime")
}

/// Runs `check` on `cases` generated values, and fails the test with proptest's report.
fn check_all<S: Strategy>(
    cases: u32,
    strategy: S,
    check: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    if let Err(failure) = runner(cases).run(&strategy, check) {
        panic!("{failure}");
    }
}

/// Header values of any kind: near the grammar (the forms' words with digits and separators), or any
/// bytes a header may carry (visible ASCII, spaces and tabs, and bytes past ASCII).
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    let header_bytes = prop_oneof![1 => Just(b'\t'), 8 => 0x20u8..=0x7e, 2 => 0x80u8..=0xff];
    prop_oneof![
        "(bytes |part |Bytes |bytes|)[0-9]{0,3}[-/ *]?[0-9]{0,3}[-/ *]?[0-9*]{0,3}"
            .prop_map(String::into_bytes),
        prop::collection::vec(header_bytes, 0..40),
    ]
}

/// Header values for a body of `len` bytes that the rules accept, or miss by one.
fn header_value_for(len: usize) -> impl Strategy<Value = Vec<u8>> {
    let texts = vec![
        format!("bytes 0-{}/{len}", len - 1),
        "part 1/1".to_owned(),
        format!("bytes 0-{}/{}", len - 1, len + 1),
        format!("bytes 0-{len}/{}", len + 1),
        format!("bytes 1-{len}/{}", len + 1),
        format!("bytes 0-{}/{len}", len.saturating_sub(2)),
        "part 1/2".to_owned(),
        "part 2/2".to_owned(),
        "part 1/*".to_owned(),
    ];
    prop::sample::select(texts).prop_map(String::into_bytes)
}

#[test]
fn any_content_range_gets_a_201_or_a_400_problem() {
    let rt = runtime();
    let srv = TestServer::start();
    let token = rt.block_on(srv.new_token(None));
    let target = Target::token(&token);
    let request = (1..=64usize).prop_flat_map(|len| {
        (
            prop_oneof![header_value(), header_value_for(len)],
            Just(len),
        )
    });
    check_all(32, request, |(value, len)| {
        // The server reads the header as trimmed ASCII text: decide as it should.
        let text = std::str::from_utf8(&value)
            .ok()
            .filter(|text| text.is_ascii())
            .map(str::trim);
        let fits = text
            .and_then(|text| content_range::parse(text).ok())
            .is_some_and(|range| SourceState::default().place(range, len as u64).is_ok());
        let chunk = Chunk::raw(test_data(len, 31), "").range_bytes(&value);
        rt.block_on(async {
            let answer = srv.upload(&target, chunk).await;
            if fits {
                prop_assert_eq!(
                    answer.status().as_u16(),
                    201,
                    "{:?}",
                    String::from_utf8_lossy(&value)
                );
            } else {
                assert_problem(answer, 400, "Content-Range").await;
            }
            Ok(())
        })
    });
}

/// How an upload addresses its chunks.
#[derive(Debug, Clone, Copy)]
enum Addressing {
    Bytes,
    /// `part n/m` on every part.
    PartsCounted,
    /// `part n/*`, the last part `part n/n`.
    PartsOpen,
}

#[derive(Debug, Clone)]
struct Plan {
    sizes: Vec<usize>,
    addressing: Addressing,
    /// Chunk indexes in sending order; a repeated index is a re-send.
    order: Vec<usize>,
    /// After the first chunk (which creates the video), send the rest all at once.
    concurrent: bool,
    /// Where the file starts in the shared random bytes.
    start: usize,
}

impl Plan {
    fn ranges(&self) -> Vec<Range<usize>> {
        let mut at = 0;
        self.sizes
            .iter()
            .map(|size| {
                at += size;
                at - size..at
            })
            .collect()
    }

    fn chunk(&self, data: &[u8], i: usize) -> Chunk {
        let ranges = self.ranges();
        let (n, count) = (i + 1, ranges.len());
        match self.addressing {
            Addressing::Bytes => Chunk::bytes(data, ranges[i].clone()),
            Addressing::PartsCounted => Chunk::part(data, ranges[i].clone(), n, Some(count)),
            Addressing::PartsOpen => {
                Chunk::part(data, ranges[i].clone(), n, (n == count).then_some(count))
            }
        }
    }
}

/// Up to 20 MiB in up to four chunks (each but the last at least 5 MiB), sent in any order.
fn plan() -> impl Strategy<Value = Plan> {
    let sizes = (
        prop::collection::vec(MIN_CHUNK..=MIN_CHUNK + 2 * MIB, 0..=2),
        1..=MIN_CHUNK + MIB,
    )
        .prop_map(|(mut sizes, last)| {
            sizes.push(last);
            sizes
        });
    let addressing = prop_oneof![
        Just(Addressing::Bytes),
        Just(Addressing::PartsCounted),
        Just(Addressing::PartsOpen)
    ];
    (sizes, addressing, any::<bool>(), 0..MIB).prop_flat_map(
        |(sizes, addressing, concurrent, start)| {
            let n = sizes.len();
            let once = Just((0..n).collect::<Vec<_>>()).prop_shuffle();
            let again = prop::collection::vec((0..n, any::<prop::sample::Index>()), 0..=2);
            (once, again).prop_map(move |(mut order, again)| {
                for (chunk, at) in again {
                    order.insert(at.index(order.len() + 1), chunk);
                }
                Plan {
                    sizes: sizes.clone(),
                    addressing,
                    order,
                    concurrent,
                    start,
                }
            })
        },
    )
}

#[test]
fn chunks_in_any_order_assemble_the_same_file() {
    let rt = runtime();
    let srv = TestServer::start();
    let token = rt.block_on(srv.new_token(None));
    let target = Target::token(&token);
    let bytes = test_data(21 * MIB, 41);
    check_all(16, plan(), |plan| {
        let total = plan.sizes.iter().sum::<usize>();
        let data = &bytes[plan.start..plan.start + total];
        rt.block_on(async {
            let (first, rest) = plan.order.split_first().expect("at least one chunk");
            let created = srv.upload_ok(&target, plan.chunk(data, *first)).await;
            let video_id = video_id_of(&created);
            let chunk = |i: usize| plan.chunk(data, i).video(&video_id);
            if plan.concurrent {
                futures_util::future::join_all(
                    rest.iter().map(|&i| srv.upload_ok(&target, chunk(i))),
                )
                .await;
            } else {
                let mut sent = vec![false; plan.sizes.len()];
                sent[*first] = true;
                for &i in rest {
                    if !sent[i] && sent.iter().filter(|s| !**s).count() == 1 {
                        // Not served before its last missing chunk has arrived.
                        srv.assert_source_missing(&created).await;
                    }
                    sent[i] = true;
                    srv.upload_ok(&target, chunk(i)).await;
                }
            }
            let video = srv.get_video(&video_id).await;
            srv.assert_source(&video, data).await;
            Ok(())
        })
    });
}
