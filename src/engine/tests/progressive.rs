//! ProgressiveUploader's queue against the fake network.

use std::cell::RefCell;
use std::rc::Rc;

use super::fake::{Bytes, FakeClock, Network, World};
use crate::engine::progressive::{PartProgress, Progressive};
use crate::engine::sender::{RetryPolicy, Sender};
use crate::protocol::limits::MIB;
use crate::protocol::options::{self, RawOptions};

fn progressive(
    world: &World,
    events: &Rc<RefCell<Vec<PartProgress>>>,
) -> Rc<Progressive<Network, FakeClock>> {
    let raw = RawOptions {
        upload_token: Some("to1".into()),
        video_name: Some("live".into()),
        ..RawOptions::default()
    };
    let options = options::validate_progressive(&raw).expect("valid options");
    let sender = Sender::new(
        &options,
        RetryPolicy::Default { max_retries: 6 },
        world.network.clone(),
        world.clock.clone(),
    );
    let events = events.clone();
    let on_progress = Rc::new(move |event: &PartProgress| events.borrow_mut().push(*event));
    Rc::new(Progressive::new(&options, sender, false, true, on_progress))
}

#[test]
fn parts_go_one_at_a_time_in_call_order_small_ones_merged() {
    let mut world = World::new();
    let events = Rc::new(RefCell::new(Vec::new()));
    let uploader = progressive(&world, &events);
    let recording = Bytes::pattern(13 * MIB as usize);
    let piece = |from: u64, to: u64| {
        crate::engine::Blob::slice(&recording, from * MIB, to * MIB).expect("a slice")
    };

    // 2 + 4 MiB make the first part; 6 MiB the second; 1 MiB is the last.
    assert!(
        uploader.take_part(piece(0, 2)).expect("taken").is_none(),
        "held: under 5 MiB"
    );
    let first = uploader
        .take_part(piece(2, 6))
        .expect("taken")
        .expect("a part");
    let second = uploader
        .take_part(piece(6, 12))
        .expect("taken")
        .expect("a part");
    let last = uploader.take_last_part(piece(12, 13));
    let outcomes = [first, second, last].map(|part| {
        let uploader = uploader.clone();
        world.spawn(async move {
            uploader
                .send(part)
                .await
                .map(|video| video.id().map(str::to_owned))
        })
    });

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
fn after_a_part_fails_for_good_the_next_ones_fail_with_it() {
    let mut world = World::new();
    let uploader = progressive(&world, &Rc::default());
    let blob = Bytes::pattern(6 * MIB as usize);
    let first = uploader
        .take_part(blob.clone())
        .expect("taken")
        .expect("a part");
    let last = uploader.take_last_part(blob);
    let outcomes = [first, last].map(|part| {
        let uploader = uploader.clone();
        world.spawn(async move { uploader.send(part).await.map_err(|error| error.status) })
    });
    world
        .network
        .take("part 1/*")
        .answer(403, r#"{"title":"Forbidden"}"#);
    world.wait(600_000.0);
    assert!(
        world.network.waiting().is_empty(),
        "the last part is not sent"
    );
    for outcome in outcomes {
        assert_eq!(
            outcome.borrow().clone().map(|result| result.err()),
            Some(Some(Some(403)))
        );
    }
}
