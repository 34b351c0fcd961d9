//! The playable check against the fake network and clock.

use std::rc::Rc;

use super::fake::World;
use crate::engine::control::Control;
use crate::engine::playable::wait_until_playable;
use crate::protocol::error::{Reason, UploadError};
use crate::protocol::playable::GIVE_UP_AFTER_MS;

type Outcome = Rc<std::cell::RefCell<Option<Result<(), UploadError>>>>;

const HLS: &str = "https://vod.test/vi1/hls/manifest.m3u8";

/// Starts a check of `HLS`; its control, and where its outcome lands.
fn check(world: &mut World) -> (Rc<Control>, Outcome) {
    let control = Rc::new(Control::default());
    let (network, clock, control_for_task) =
        (world.network.clone(), world.clock.clone(), control.clone());
    let outcome = world
        .spawn(async move { wait_until_playable(&network, &clock, &control_for_task, HLS).await });
    (control, outcome)
}

#[test]
fn asks_less_and_less_often_until_the_video_is_playable() {
    let mut world = World::new();
    let (_, outcome) = check(&mut world);
    let mut waits = Vec::new();
    for answer in [(202, ""), (500, "oops"), (202, ""), (200, "")] {
        waits.push(world.wait_for_request(60_000.0));
        let call = world.network.take_call();
        assert_eq!((call.method, call.url.as_str()), ("GET", HLS));
        call.answer(answer.0, answer.1);
    }
    waits.push(world.wait_for_request(60_000.0));
    world.network.take_call().fail(UploadError::network());
    waits.push(world.wait_for_request(60_000.0));
    world.network.take_call().answer(200, "#EXTM3U");
    world.settle();
    assert_eq!(waits, [500.0, 1000.0, 2000.0, 4000.0, 8000.0, 8000.0]);
    assert_eq!(outcome.borrow().clone(), Some(Ok(())));
}

#[test]
fn cancel_stops_the_check() {
    let mut world = World::new();
    let (control, outcome) = check(&mut world);
    world.wait_for_request(60_000.0);
    world.network.take_call().answer(202, "");
    world.wait(100.0);
    control.cancel();
    world.settle();
    assert_eq!(
        outcome.borrow().clone().map(|r| r.map_err(|e| e.reason)),
        Some(Err(Reason::Aborted))
    );
    world.wait(GIVE_UP_AFTER_MS);
    assert_eq!(
        world.network.calls_waiting(),
        0,
        "no question after cancel()"
    );
}

#[test]
fn gives_up_half_an_hour_after_the_upload() {
    let mut world = World::new();
    let (_, outcome) = check(&mut world);
    let mut asked = 0;
    while outcome.borrow().is_none() {
        world.wait(1000.0);
        while world.network.calls_waiting() > 0 {
            world.network.take_call().answer(202, "");
            asked += 1;
        }
    }
    let Some(Err(error)) = outcome.borrow().clone() else {
        panic!("gave up")
    };
    assert_eq!(error.reason, Reason::PlayableTimeout);
    assert!(error.title.contains("30 minutes"));
    assert!(
        (220..=230).contains(&asked),
        "about one question every 8 s: {asked}"
    );
}

#[test]
fn a_404_ends_the_check_with_its_error() {
    let mut world = World::new();
    let (_, outcome) = check(&mut world);
    world.wait_for_request(60_000.0);
    world
        .network
        .take_call()
        .answer(404, r#"{"title":"The video was not found."}"#);
    world.settle();
    let Some(Err(error)) = outcome.borrow().clone() else {
        panic!("ended")
    };
    assert_eq!(
        (error.status, error.title.as_str()),
        (Some(404), "The video was not found.")
    );
}

#[test]
fn cancel_while_a_question_is_in_flight_aborts_it() {
    let mut world = World::new();
    let (control, outcome) = check(&mut world);
    world.wait_for_request(60_000.0);
    control.cancel();
    world.settle();
    assert_eq!(
        world.network.aborts.get(),
        1,
        "the question in flight is dropped"
    );
    assert_eq!(world.network.calls_waiting(), 0);
    assert!(matches!(&*outcome.borrow(), Some(Err(error)) if error.is_aborted()));
}
