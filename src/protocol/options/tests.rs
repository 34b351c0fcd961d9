//! Every option check, and its message word for word.

use super::*;
use crate::protocol::limits::MIB;
use crate::protocol::{CLIENT_VERSION, js_number};

fn with_token() -> RawOptions {
    RawOptions {
        file_size: Some(12.0 * MIB as f64),
        upload_token: Some("to1R5Lb5gNwJxFXcbAk2z7Ij".to_owned()),
        ..RawOptions::default()
    }
}

fn refused(raw: &RawOptions) -> String {
    validate_video_uploader(raw)
        .expect_err("these options must be refused")
        .to_string()
}

fn assert_contains_all(message: &str, words: &[&str]) {
    for word in words {
        assert!(
            message.contains(word),
            "{message:?} should contain {word:?}"
        );
    }
}

fn origin(name: &str, version: &str) -> Option<Origin> {
    Some(Origin {
        name: name.to_owned(),
        version: version.to_owned(),
    })
}

#[test]
fn defaults() {
    let options = validate_video_uploader(&with_token()).expect("valid");
    assert_eq!(
        options.credential,
        Credential::UploadToken("to1R5Lb5gNwJxFXcbAk2z7Ij".to_owned())
    );
    assert_eq!(options.video_id, None);
    assert_eq!(options.base_url, "https://ws.api.video");
    assert_eq!(
        options.layout,
        Layout::Balanced {
            max_chunk: 50 * MIB,
            streams: 6
        },
        "the balanced layout unless chunkSize is given"
    );
    assert_eq!(options.retries, 6);
    assert_eq!(options.video_name, None);
    assert_eq!(
        options.headers,
        [(
            "AV-Origin-Client".to_owned(),
            format!("video-uploader-wasm:{CLIENT_VERSION}")
        )]
    );
    assert_eq!(options.max_video_duration, None);
    assert_eq!(options.parallel_chunks, 6);
    assert!(!options.resume);
}

#[test]
fn given_values_are_kept() {
    let raw = RawOptions {
        video_id: Some("vi4blUQJFrYWbaG44NChkH27".to_owned()),
        api_host: Some("http://127.0.0.1:8080".to_owned()),
        chunk_size: Some(5.0 * MIB as f64),
        retries: Some(0.0),
        video_name: Some("holidays".to_owned()),
        max_video_duration: Some(90.5),
        parallel_chunks: Some(16.0),
        resume: Some(true),
        ..with_token()
    };
    let options = validate_video_uploader(&raw).expect("valid");
    assert_eq!(
        options.video_id.as_deref(),
        Some("vi4blUQJFrYWbaG44NChkH27")
    );
    assert_eq!(options.base_url, "http://127.0.0.1:8080");
    assert_eq!(
        options.layout,
        Layout::Uniform {
            chunk_size: 5 * MIB
        }
    );
    assert_eq!(options.retries, 0);
    assert_eq!(options.video_name.as_deref(), Some("holidays"));
    assert_eq!(options.max_video_duration, Some(90.5));
    assert_eq!(options.parallel_chunks, 16);
    assert!(options.resume);
}

#[test]
fn empty_strings_count_as_absent() {
    let raw = RawOptions {
        video_id: Some(String::new()),
        video_name: Some(String::new()),
        ..with_token()
    };
    let options = validate_video_uploader(&raw).expect("valid");
    assert_eq!(options.video_id, None);
    assert_eq!(options.video_name, None);
}

#[test]
fn file_missing_or_empty() {
    let no_file = RawOptions {
        file_size: None,
        ..with_token()
    };
    assert_eq!(
        refused(&no_file),
        "'file' is missing: pass the File or Blob to upload as the 'file' option."
    );
    let empty = RawOptions {
        file_size: Some(0.0),
        ..with_token()
    };
    assert_eq!(
        refused(&empty),
        "The file is empty (0 bytes): pick a video file that has content."
    );
    for odd in [-1.0, 1.5, f64::NAN] {
        let raw = RawOptions {
            file_size: Some(odd),
            ..with_token()
        };
        assert_contains_all(&refused(&raw), &["size", "whole number"]);
    }
}

#[test]
fn credentials() {
    let none = RawOptions {
        upload_token: None,
        ..with_token()
    };
    assert!(
        refused(&none)
            .starts_with("You must provide either an accessToken, an uploadToken or an API key.")
    );

    let two = RawOptions {
        api_key: Some("key".to_owned()),
        ..with_token()
    };
    assert_eq!(
        refused(&two),
        "Give only one of uploadToken, accessToken and apiKey (got: uploadToken, apiKey)."
    );
    let three = RawOptions {
        access_token: Some("a".to_owned()),
        api_key: Some("key".to_owned()),
        video_id: Some("vi1".to_owned()),
        ..with_token()
    };
    assert_contains_all(
        &refused(&three),
        &["only one", "uploadToken, accessToken, apiKey"],
    );

    for (field, raw) in [
        (
            "'uploadToken' is empty",
            RawOptions {
                upload_token: Some(String::new()),
                ..with_token()
            },
        ),
        (
            "'accessToken' is empty",
            RawOptions {
                upload_token: None,
                access_token: Some(" ".to_owned()),
                video_id: Some("vi1".to_owned()),
                ..with_token()
            },
        ),
        (
            "'apiKey' is empty",
            RawOptions {
                upload_token: None,
                api_key: Some(String::new()),
                video_id: Some("vi1".to_owned()),
                ..with_token()
            },
        ),
    ] {
        assert!(refused(&raw).starts_with(field), "{}", refused(&raw));
    }
}

#[test]
fn access_token_and_api_key_need_a_video_id() {
    let missing = "'videoId' is missing: with an accessToken or an apiKey, create the video first (POST /videos) and pass its videoId.";
    let access = RawOptions {
        upload_token: None,
        access_token: Some("at".to_owned()),
        refresh_token: Some("rt".to_owned()),
        ..with_token()
    };
    assert_eq!(refused(&access), missing);
    let key = RawOptions {
        upload_token: None,
        api_key: Some("key".to_owned()),
        video_id: Some(String::new()),
        ..with_token()
    };
    assert_eq!(refused(&key), missing);

    let access = RawOptions {
        video_id: Some("vi1".to_owned()),
        ..access
    };
    assert_eq!(
        validate_video_uploader(&access).expect("valid").credential,
        Credential::AccessToken {
            access: "at".to_owned(),
            refresh: Some("rt".to_owned())
        }
    );
    let key = RawOptions {
        video_id: Some("vi1".to_owned()),
        ..key
    };
    assert_eq!(
        validate_progressive(&key).expect("valid").credential,
        Credential::ApiKey("key".to_owned())
    );
}

#[test]
fn chunk_sizes() {
    for good in [5 * MIB, 50 * MIB, 128 * MIB] {
        let raw = RawOptions {
            chunk_size: Some(good as f64),
            ..with_token()
        };
        assert_eq!(
            validate_video_uploader(&raw).expect("valid").layout,
            Layout::Uniform { chunk_size: good }
        );
    }
    for bad in [
        0.0,
        (5 * MIB - 1) as f64,
        (128 * MIB + 1) as f64,
        6.5 * MIB as f64 + 0.5,
        -1.0,
        f64::NAN,
        f64::INFINITY,
    ] {
        let raw = RawOptions {
            chunk_size: Some(bad),
            ..with_token()
        };
        let message = refused(&raw);
        assert!(message.starts_with(
            "Invalid chunk size. Minimal allowed value: 5MB, maximum allowed value: 128MB."
        ));
        assert!(
            message.contains(&format!("Got {} bytes.", js_number(bad))),
            "{message}"
        );
    }
    let below = RawOptions {
        chunk_size: Some(5242879.0),
        ..with_token()
    };
    assert!(refused(&below).contains("Got 5242879 bytes."));
}

#[test]
fn parallel_chunks() {
    for bad in [0.0, -2.0, 1.5, f64::NAN] {
        let raw = RawOptions {
            parallel_chunks: Some(bad),
            ..with_token()
        };
        assert_eq!(
            refused(&raw),
            format!(
                "parallelChunks must be a whole number of at least 1 (got {}).",
                js_number(bad)
            )
        );
    }
    let too_many = RawOptions {
        parallel_chunks: Some(17.0),
        ..with_token()
    };
    assert_contains_all(&refused(&too_many), &["parallelChunks", "at most 16", "17"]);
    let one = RawOptions {
        parallel_chunks: Some(1.0),
        ..with_token()
    };
    assert_eq!(
        validate_video_uploader(&one)
            .expect("valid")
            .parallel_chunks,
        1
    );
}

#[test]
fn retries() {
    for bad in [-1.0, 2.5, f64::NAN, f64::INFINITY] {
        let raw = RawOptions {
            retries: Some(bad),
            ..with_token()
        };
        assert_contains_all(&refused(&raw), &["retries", "whole number", "at least 0"]);
    }
    let ten = RawOptions {
        retries: Some(10.0),
        ..with_token()
    };
    assert_eq!(validate_video_uploader(&ten).expect("valid").retries, 10);
    let huge = RawOptions {
        retries: Some(1e12),
        ..with_token()
    };
    assert_eq!(
        validate_video_uploader(&huge).expect("valid").retries,
        u32::MAX
    );
}

/// Several mistakes at once: the first message is the one the official uploader gives
/// (it checks the credential, `videoId`, `origin`, then `file` and the chunk size); ours
/// (an empty file, `apiHost`, …) come after.
#[test]
fn mistakes_are_reported_in_the_official_order() {
    let empty_file = Some(0.0);
    let bad_origin = Some(Origin {
        name: "no spaces allowed".to_owned(),
        version: "1.0".to_owned(),
    });
    let cases: [(RawOptions, &str); 6] = [
        (
            RawOptions::default(),
            "You must provide either an accessToken, an uploadToken or an API key",
        ),
        (
            RawOptions {
                access_token: Some("a".to_owned()),
                file_size: empty_file,
                ..RawOptions::default()
            },
            "'videoId' is missing",
        ),
        (
            RawOptions {
                file_size: None,
                origin_application: bad_origin.clone(),
                ..with_token()
            },
            "Invalid application name value.",
        ),
        (
            RawOptions {
                file_size: None,
                chunk_size: Some(1.0),
                api_host: Some("ftp://x".to_owned()),
                ..with_token()
            },
            "'file' is missing",
        ),
        (
            RawOptions {
                file_size: empty_file,
                chunk_size: Some(1.0),
                ..with_token()
            },
            "Invalid chunk size. Minimal allowed value: 5MB, maximum allowed value: 128MB.",
        ),
        (
            RawOptions {
                file_size: empty_file,
                api_host: Some("ftp://x".to_owned()),
                retries: Some(-1.0),
                ..with_token()
            },
            "The file is empty",
        ),
    ];
    for (raw, first) in cases {
        let message = refused(&raw);
        assert!(
            message.starts_with(first),
            "{message:?} should start with {first:?}"
        );
    }
    // ProgressiveUploader: the official order for what it checks.
    let progressive = RawOptions {
        origin_sdk: bad_origin,
        api_host: Some("ftp://x".to_owned()),
        ..RawOptions::default()
    };
    assert!(
        validate_progressive(&progressive)
            .expect_err("refused")
            .to_string()
            .starts_with("You must provide")
    );
}

#[test]
fn stall_timeout() {
    let with = |ms: f64| RawOptions {
        stall_timeout: Some(ms),
        ..with_token()
    };
    assert_eq!(
        validate_video_uploader(&with_token())
            .expect("valid")
            .stall_timeout_ms,
        30_000
    );
    for (ms, expected) in [
        (0.0, 0),
        (1000.0, 1000),
        (120_000.0, 120_000),
        (2_147_483_647.0, 2_147_483_647),
    ] {
        assert_eq!(
            validate_video_uploader(&with(ms))
                .expect("valid")
                .stall_timeout_ms,
            expected
        );
        assert_eq!(
            validate_progressive(&with(ms))
                .expect("valid")
                .stall_timeout_ms,
            expected
        );
    }
    for bad in [
        -1.0,
        1.0,
        999.0,
        1500.5,
        2_147_483_648.0,
        f64::NAN,
        f64::INFINITY,
    ] {
        let (min, max, default) = (
            MIN_STALL_TIMEOUT_MS.to_string(),
            i32::MAX.to_string(),
            DEFAULT_STALL_TIMEOUT_MS.to_string(),
        );
        assert_contains_all(
            &refused(&with(bad)),
            &["stallTimeout", "0", "milliseconds", &min, &max, &default],
        );
    }
}

#[test]
fn max_video_duration() {
    for bad in [0.0, -3.0, f64::NAN, f64::INFINITY] {
        let raw = RawOptions {
            max_video_duration: Some(bad),
            ..with_token()
        };
        assert_contains_all(
            &refused(&raw),
            &["maxVideoDuration", "positive number of seconds"],
        );
    }
}

#[test]
fn api_host_forms() {
    for (given, expected) in [
        ("ws.api.video", "https://ws.api.video"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://a.b/", "https://a.b"),
    ] {
        let raw = RawOptions {
            api_host: Some(given.to_owned()),
            ..with_token()
        };
        assert_eq!(
            validate_video_uploader(&raw).expect("valid").base_url,
            expected
        );
    }
    for bad in ["", "ftp://a.b", "https://a.b/path", "a b"] {
        let raw = RawOptions {
            api_host: Some(bad.to_owned()),
            ..with_token()
        };
        assert!(refused(&raw).contains("apiHost"), "{bad:?}");
    }
}

#[test]
fn origin_headers() {
    let raw = RawOptions {
        origin_application: origin("my-app_2", "1.20.300"),
        origin_sdk: origin("react", "7"),
        ..with_token()
    };
    let options = validate_video_uploader(&raw).expect("valid");
    assert_eq!(
        options.headers,
        [
            (
                "AV-Origin-Client".to_owned(),
                format!("video-uploader-wasm:{CLIENT_VERSION}")
            ),
            ("AV-Origin-App".to_owned(), "my-app_2:1.20.300".to_owned()),
            ("AV-Origin-Sdk".to_owned(), "react:7".to_owned()),
        ]
    );
}

#[test]
fn origin_errors() {
    let long_name = "a".repeat(51);
    let cases = [
        ("", "1.0", "name is required"),
        ("app", "", "version is required"),
        (
            "my app",
            "1.0",
            "Invalid {kind} name value. Allowed characters: A-Z, a-z, 0-9, '-', '_'. Max length: 50.",
        ),
        (long_name.as_str(), "1.0", "Invalid {kind} name value."),
        ("appé", "1.0", "Invalid {kind} name value."),
        (
            "app",
            "1.0.0.0",
            "Invalid {kind} version value. The version should match the xxx[.yyy][.zzz] pattern.",
        ),
        ("app", "1234", "Invalid {kind} version value."),
        ("app", "1.", "Invalid {kind} version value."),
        ("app", "v1", "Invalid {kind} version value."),
    ];
    for (name, version, expected) in cases {
        let as_application = RawOptions {
            origin_application: origin(name, version),
            ..with_token()
        };
        let message = refused(&as_application);
        let expected_application = expected.replace("{kind}", "application");
        assert!(message.contains(&expected_application), "{message}");
        if !expected.contains("{kind}") {
            assert!(message.starts_with("application "), "{message}");
        }

        let as_sdk = RawOptions {
            origin_sdk: origin(name, version),
            ..with_token()
        };
        let message = refused(&as_sdk);
        assert!(
            message.contains(&expected.replace("{kind}", "sdk")),
            "{message}"
        );
        assert!(message.to_lowercase().contains("sdk"), "{message}");
    }
    let fifty = RawOptions {
        origin_application: origin(&"a".repeat(50), "999.0.1"),
        ..with_token()
    };
    assert!(validate_video_uploader(&fifty).is_ok());
}

/// Each message word for word.
#[test]
fn messages_word_for_word() {
    let cases = [
        (
            RawOptions {
                file_size: Some(1.5),
                ..with_token()
            },
            "The file's size is not a whole number of bytes (got 1.5): pass a File or Blob as the 'file' option.",
        ),
        (
            RawOptions {
                upload_token: Some(" ".to_owned()),
                ..with_token()
            },
            "'uploadToken' is empty: pass a delegated upload token, created with POST /upload-tokens.",
        ),
        (
            RawOptions {
                chunk_size: Some(1.0),
                ..with_token()
            },
            "Invalid chunk size. Minimal allowed value: 5MB, maximum allowed value: 128MB. Got 1 bytes. Give a whole number of bytes from 5242880 to 134217728, or leave chunkSize out for 50MB.",
        ),
        (
            RawOptions {
                parallel_chunks: Some(17.0),
                ..with_token()
            },
            "parallelChunks can be at most 16 (got 17): browsers open about 6 connections per host, more chunks in flight only use more memory.",
        ),
        (
            RawOptions {
                retries: Some(-0.5),
                ..with_token()
            },
            "retries must be a whole number of at least 0 (got -0.5): 0 turns retrying off, the default is 6.",
        ),
        (
            RawOptions {
                max_video_duration: Some(0.0),
                ..with_token()
            },
            "maxVideoDuration must be a positive number of seconds (got 0), or left out for no limit.",
        ),
        (
            RawOptions {
                origin_sdk: origin("", "1"),
                ..with_token()
            },
            "sdk name is required: set origin.sdk.name, e.g. 'my-app'.",
        ),
        (
            RawOptions {
                origin_application: origin("a", ""),
                ..with_token()
            },
            "application version is required: set origin.application.version, e.g. '1.0.0'.",
        ),
        (
            RawOptions {
                origin_application: origin("a b", "1"),
                ..with_token()
            },
            "Invalid application name value. Allowed characters: A-Z, a-z, 0-9, '-', '_'. Max length: 50. Got 'a b'.",
        ),
        (
            RawOptions {
                origin_sdk: origin("a", "1.2.3.4"),
                ..with_token()
            },
            "Invalid sdk version value. The version should match the xxx[.yyy][.zzz] pattern. Got '1.2.3.4'.",
        ),
        (
            RawOptions {
                api_host: Some(" ".to_owned()),
                ..with_token()
            },
            "apiHost is empty: leave it out to upload to ws.api.video, or give a host, e.g. 'ws.api.video' or 'http://127.0.0.1:8080'.",
        ),
        (
            RawOptions {
                api_host: Some("ftp://a.b".to_owned()),
                ..with_token()
            },
            "Invalid apiHost 'ftp://a.b': only http:// and https:// are supported; give a host, e.g. 'ws.api.video' or 'http://127.0.0.1:8080'.",
        ),
    ];
    for (raw, message) in cases {
        assert_eq!(refused(&raw), message);
    }
    let with_origins = RawOptions {
        origin_application: origin("app", "1.2"),
        ..with_token()
    };
    assert_eq!(
        validate_video_uploader(&with_origins)
            .expect("valid")
            .headers[1]
            .1,
        "app:1.2"
    );
}

#[test]
fn progressive_needs_no_file_and_ignores_upload_only_options() {
    let raw = RawOptions {
        file_size: None,
        chunk_size: Some(1.0),
        parallel_chunks: Some(0.0),
        max_video_duration: Some(-1.0),
        resume: Some(true),
        ..with_token()
    };
    let options = validate_progressive(&raw).expect("valid");
    assert_eq!(options.parallel_chunks, 1);
    assert!(!options.prevent_empty_parts);
    assert!(
        options.merge_small_parts,
        "small parts merged unless told not to"
    );
    let told = validate_progressive(&RawOptions {
        prevent_empty_parts: Some(true),
        merge_small_parts_before_upload: Some(false),
        ..with_token()
    })
    .expect("valid");
    assert!(told.prevent_empty_parts && !told.merge_small_parts);
    assert_eq!(options.max_video_duration, None);
    assert!(!options.resume);

    let no_credential = RawOptions {
        upload_token: None,
        ..raw.clone()
    };
    assert!(validate_progressive(&no_credential).is_err());
    let bad_retries = RawOptions {
        retries: Some(-1.0),
        ..raw
    };
    assert!(
        validate_progressive(&bad_retries)
            .expect_err("refused")
            .to_string()
            .contains("retries")
    );
}

#[test]
fn each_mistake_names_its_option() {
    let file = || RawOptions {
        file_size: Some(1024.0),
        ..with_token()
    };
    let cases = [
        (RawOptions::default(), "uploadToken"),
        (
            RawOptions {
                upload_token: None,
                api_key: Some("k".into()),
                ..file()
            },
            "videoId",
        ),
        (
            RawOptions {
                api_key: Some("k".into()),
                ..file()
            },
            "apiKey",
        ),
        (
            RawOptions {
                upload_token: Some(" ".into()),
                ..file()
            },
            "uploadToken",
        ),
        (
            RawOptions {
                origin_sdk: origin("sdk", "1.2.3.4"),
                ..file()
            },
            "origin",
        ),
        (
            RawOptions {
                file_size: None,
                ..with_token()
            },
            "file",
        ),
        (
            RawOptions {
                file_size: Some(0.0),
                ..with_token()
            },
            "file",
        ),
        (
            RawOptions {
                chunk_size: Some(1.0),
                ..file()
            },
            "chunkSize",
        ),
        (
            RawOptions {
                api_host: Some("ftp://x".into()),
                ..file()
            },
            "apiHost",
        ),
        (
            RawOptions {
                retries: Some(-1.0),
                ..file()
            },
            "retries",
        ),
        (
            RawOptions {
                stall_timeout: Some(5.0),
                ..file()
            },
            "stallTimeout",
        ),
        (
            RawOptions {
                parallel_chunks: Some(0.0),
                ..file()
            },
            "parallelChunks",
        ),
        (
            RawOptions {
                max_video_duration: Some(-1.0),
                ..file()
            },
            "maxVideoDuration",
        ),
    ];
    for (raw, name) in cases {
        let error = validate_video_uploader(&raw).expect_err("refused");
        assert_eq!(error.name, name, "{error}");
    }
}
