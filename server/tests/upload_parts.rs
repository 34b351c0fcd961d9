//! Progressive uploads: `Content-Range: part n/*` … `part n/n`, and `part n/m`.

mod support;

use support::*;

/// Parts of 5 MiB with an unknown count (`part n/*`), the last one `part n/n`; the source
/// is the parts concatenated, complete only after the last part.
#[tokio::test]
async fn parts_with_unknown_count_then_last_part() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(23 * MIB, 21);
    let ranges = split(data.len(), MIN_CHUNK);
    let n = ranges.len();
    assert_eq!(n, 5);

    let mut video_id: Option<String> = None;
    let mut video = serde_json::Value::Null;
    for (i, range) in ranges.iter().enumerate() {
        let part = i + 1;
        let count = if part == n { Some(n) } else { None };
        let chunk = Chunk::part(&data, range.clone(), part, count).maybe_video(video_id.as_deref());
        video = srv.upload_ok(&target, chunk).await;
        if video_id.is_none() {
            video_id = Some(video_id_of(&video));
        }
        if part < n {
            srv.assert_source_missing(&video).await;
        }
    }
    srv.assert_source_sha256(&video, data.len(), &sha256_hex(&data))
        .await;
}

/// The official browser uploader sends `part n/m` with a known count.
#[tokio::test]
async fn parts_with_known_count_in_order() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(12 * MIB + 777, 22);
    let ranges = split(data.len(), MIN_CHUNK);
    let m = ranges.len();
    assert_eq!(m, 3);

    let first = srv
        .upload_ok(&target, Chunk::part(&data, ranges[0].clone(), 1, Some(m)))
        .await;
    let video_id = video_id_of(&first);
    let second = srv
        .upload_ok(
            &target,
            Chunk::part(&data, ranges[1].clone(), 2, Some(m)).video(&video_id),
        )
        .await;
    srv.assert_source_missing(&second).await;
    let last = srv
        .upload_ok(
            &target,
            Chunk::part(&data, ranges[2].clone(), 3, Some(m)).video(&video_id),
        )
        .await;
    srv.assert_source_sha256(&last, data.len(), &sha256_hex(&data))
        .await;
}

/// After the first part, parts may arrive in any order (and a part may be sent twice):
/// the file is complete only once parts 1..m have all arrived.
#[tokio::test]
async fn parts_with_known_count_out_of_order_and_repeated() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let target = Target::token(&token);
    let data = test_data(16 * MIB + 3, 23);
    let ranges = split(data.len(), MIN_CHUNK);
    let m = ranges.len();
    assert_eq!(m, 4);

    let first = srv
        .upload_ok(&target, Chunk::part(&data, ranges[0].clone(), 1, Some(m)))
        .await;
    let video_id = video_id_of(&first);
    for part in [4usize, 2, 2] {
        let video = srv
            .upload_ok(
                &target,
                Chunk::part(&data, ranges[part - 1].clone(), part, Some(m)).video(&video_id),
            )
            .await;
        srv.assert_source_missing(&video).await;
    }
    let last = srv
        .upload_ok(
            &target,
            Chunk::part(&data, ranges[2].clone(), 3, Some(m)).video(&video_id),
        )
        .await;
    srv.assert_source(&last, &data).await;
}

/// A progressive upload of a single part (`part 1/1`) is complete at once.
#[tokio::test]
async fn single_last_part_completes_the_file() {
    let srv = TestServer::start();
    let token = srv.new_token(None).await;
    let data = test_data(2 * MIB + 1, 24);
    let video = srv
        .upload_ok(
            &Target::token(&token),
            Chunk::part(&data, 0..data.len(), 1, Some(1)),
        )
        .await;
    srv.assert_source(&video, &data).await;
}

/// Parts also work on `POST /videos/{id}/source` with the API key.
#[tokio::test]
async fn parts_into_a_video_source_with_the_api_key() {
    let srv = TestServer::start();
    let video = srv.create_video("progressive").await;
    let video_id = video_id_of(&video);
    let target = Target::source(&video_id);
    let data = test_data(6 * MIB, 25);
    let ranges = split(data.len(), MIN_CHUNK);
    srv.upload_ok(&target, Chunk::part(&data, ranges[0].clone(), 1, None))
        .await;
    let last = srv
        .upload_ok(&target, Chunk::part(&data, ranges[1].clone(), 2, Some(2)))
        .await;
    srv.assert_source(&last, &data).await;
}
