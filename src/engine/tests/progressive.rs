//! ProgressiveUploader's queue against the fake network.

use std::cell::RefCell;
use std::rc::Rc;

use super::fake::{Bytes, FakeClock, Network, World};
use crate::engine::progressive::{PartProgress, Progressive, Reply};
use crate::engine::sender::{RetryPolicy, Sender};
use crate::protocol::error::{Reason, UploadError};
use crate::protocol::limits::MIB;
use crate::protocol::options::{self, RawOptions};

type TestProgressive = Progressive<Network, FakeClock>;
type Outcome = Rc<RefCell<Option<Result<Option<String>, UploadError>>>>;

/// A ProgressiveUploader named "live", `retries` retries, its queue's task running.
fn progressive(
    world: &mut World,
    retries: u32,
    events: &Rc<RefCell<Vec<PartProgress>>>,
) -> TestProgressive {
    let raw = RawOptions {
        upload_token: Some("to1".into()),
        video_name: Some("live".into()),
        ..RawOptions::default()
    };
    let options = options::validate_progressive(&raw).expect("valid options");
    let sender = Sender::new(
        &options,
        RetryPolicy::Default {
            max_retries: retries,
        },
        world.network.clone(),
        world.clock.clone(),
        Box::new(|_| {}),
    );
    let events = events.clone();
    let on_progress = Rc::new(move |event: &PartProgress| events.borrow_mut().push(*event));
    let (uploader, parts) = Progressive::new(&options, sender, on_progress);
    world.spawn(parts.run());
    uploader
}

/// Where a queued part's outcome lands: the video id it answered.
fn outcome(world: &mut World, reply: Reply) -> Outcome {
    world.spawn(async move {
        reply
            .outcome()
            .await
            .map(|video| video.id().map(str::to_owned))
    })
}

fn reason(outcome: &Outcome) -> Option<Reason> {
    match &*outcome.borrow() {
        Some(Err(error)) => Some(error.reason.clone()),
        _ => None,
    }
}

#[test]
fn parts_go_one_at_a_time_in_call_order_small_ones_merged() {
    let mut world = World::new();
    let events = Rc::new(RefCell::new(Vec::new()));
    let uploader = progressive(&mut world, 6, &events);
    let recording = Bytes::pattern(13 * MIB as usize);
    let piece = |from: u64, to: u64| {
        crate::engine::Blob::slice(&recording, from * MIB, to * MIB).expect("a slice")
    };

    // 2 + 4 MiB make the first part; 6 MiB the second; 1 MiB is the last.
    assert!(
        uploader.upload_part(piece(0, 2)).expect("taken").is_none(),
        "held: under 5 MiB"
    );
    let first = uploader
        .upload_part(piece(2, 6))
        .expect("taken")
        .expect("a part");
    let second = uploader
        .upload_part(piece(6, 12))
        .expect("taken")
        .expect("a part");
    let last = uploader.upload_last_part(piece(12, 13)).expect("taken");
    let outcomes = [first, second, last].map(|reply| outcome(&mut world, reply));

    let mut received = Vec::new();
    for (range, video_id) in [
        ("part 1/*", None),
        ("part 2/*", Some("vi1")),
        ("part 3/3", Some("vi1")),
    ] {
        assert_eq!(
            world.network.waiting(),
            [range],
            "one part at a time, in order"
        );
        let part = world.network.take(range);
        assert_eq!(
            (part.video_id.as_deref(), part.file_name.as_str()),
            (video_id, "live")
        );
        part.progress(MIB);
        received.extend_from_slice(&part.bytes);
        part.answer(201, r#"{"videoId":"vi1"}"#);
        world.settle();
    }
    assert!(
        received == recording.as_slice(),
        "the recording, byte for byte"
    );
    for outcome in outcomes {
        assert_eq!(
            outcome.borrow().clone().map(|result| result.ok().flatten()),
            Some(Some("vi1".into()))
        );
    }
    let reported: Vec<(u64, u64, u64)> = events
        .borrow()
        .iter()
        .map(|e| (e.part, e.uploaded_bytes, e.total_bytes))
        .collect();
    assert_eq!(
        reported,
        [
            (1, MIB, 6 * MIB),
            (1, 6 * MIB, 6 * MIB),
            (2, MIB, 6 * MIB),
            (2, 6 * MIB, 6 * MIB),
            (3, MIB, MIB)
        ],
        "each value once per part"
    );
}

#[test]
fn after_a_part_fails_for_good_the_others_are_refused_and_nothing_more_is_sent() {
    let mut world = World::new();
    let uploader = progressive(&mut world, 6, &Rc::default());
    let blob = Bytes::pattern(6 * MIB as usize);
    let first = uploader
        .upload_part(blob.clone())
        .expect("taken")
        .expect("a part");
    let queued = uploader
        .upload_part(blob.clone())
        .expect("taken")
        .expect("a part");
    let outcomes = [first, queued].map(|reply| outcome(&mut world, reply));
    world
        .network
        .take("part 1/*")
        .answer(403, r#"{"title":"Forbidden"}"#);
    world.wait(600_000.0);
    assert!(
        world.network.waiting().is_empty(),
        "the queued part is not sent"
    );
    assert_eq!(
        outcomes[0]
            .borrow()
            .clone()
            .map(|result| result.err().and_then(|e| e.status)),
        Some(Some(403))
    );
    assert_eq!(reason(&outcomes[1]), Some(Reason::UploadFinished));

    let later = uploader
        .upload_last_part(blob)
        .err()
        .expect("refused at once");
    assert_eq!(later.reason, Reason::UploadFinished);
    assert!(later.title.contains("403 Forbidden"), "{}", later.title);
    world.settle();
    assert_eq!(world.network.log.borrow().len(), 1, "one request in all");
}

#[test]
fn nothing_may_follow_the_last_part() {
    let mut world = World::new();
    let uploader = progressive(&mut world, 6, &Rc::default());
    let blob = Bytes::pattern(MIB as usize);
    let last = uploader.upload_last_part(blob.clone()).expect("taken");
    let last = outcome(&mut world, last);
    for refused in [
        uploader.upload_part(blob.clone()).err(),
        uploader.upload_last_part(blob).err(),
    ] {
        let error = refused.expect("refused at once");
        assert_eq!(error.reason, Reason::UploadFinished);
        assert!(error.title.contains("uploadLastPart() was already called"));
    }
    world
        .network
        .take("part 1/1")
        .answer(201, r#"{"videoId":"vi1"}"#);
    world.settle();
    assert_eq!(
        last.borrow().clone().map(Result::ok),
        Some(Some(Some("vi1".into())))
    );
    assert_eq!(world.network.log.borrow().len(), 1, "nothing more was sent");
}

#[test]
fn offline_a_part_waits_for_the_network_without_spending_a_retry() {
    let mut world = World::new();
    let uploader = progressive(&mut world, 0, &Rc::default());
    let control = uploader.sender.control.clone();
    let blob = Bytes::pattern(MIB as usize);

    // Sent while online, failed as the network went: no retry spent (retries: 0).
    let first = uploader
        .upload_part(Bytes::pattern(6 * MIB as usize))
        .expect("taken");
    let first = outcome(&mut world, first.expect("a part"));
    control.set_offline(true);
    world.network.take("part 1/*").fail(UploadError::network());
    world.wait(60_000.0);
    assert!(
        world.network.waiting().is_empty(),
        "nothing goes while offline"
    );
    assert!(first.borrow().is_none(), "it waits, it has not failed");

    // A part given while offline waits too.
    let last = outcome(&mut world, uploader.upload_last_part(blob).expect("taken"));
    world.wait(60_000.0);
    assert!(world.network.waiting().is_empty());

    control.set_offline(false);
    world.settle();
    world
        .network
        .take("part 1/*")
        .answer(201, r#"{"videoId":"vi1"}"#);
    world.settle();
    world
        .network
        .take("part 2/2")
        .answer(201, r#"{"videoId":"vi1"}"#);
    world.settle();
    for outcome in [first, last] {
        assert_eq!(outcome.borrow().clone().map(|r| r.is_ok()), Some(true));
    }
}

#[test]
fn cancel_aborts_the_part_in_flight_and_refuses_the_queued_ones() {
    let mut world = World::new();
    let uploader = progressive(&mut world, 6, &Rc::default());
    let blob = Bytes::pattern(6 * MIB as usize);
    let first = uploader
        .upload_part(blob.clone())
        .expect("taken")
        .expect("a part");
    let queued = uploader.upload_last_part(blob.clone()).expect("taken");
    let outcomes = [first, queued].map(|reply| outcome(&mut world, reply));
    assert_eq!(world.network.waiting(), ["part 1/*"]);
    uploader.sender.cancel();
    world.settle();
    assert_eq!(
        world.network.aborts.get(),
        1,
        "the part in flight is aborted"
    );
    world.wait(600_000.0);
    assert_eq!(
        world.network.log.borrow().len(),
        1,
        "the queued part never goes"
    );
    for outcome in &outcomes {
        assert_eq!(reason(outcome), Some(Reason::Aborted));
    }
    let after = uploader.upload_part(blob).err().expect("refused");
    assert_eq!(after.reason, Reason::Aborted);
}
