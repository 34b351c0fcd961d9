//! `upload-server`: a local server that speaks the api.video upload protocol
//! (`../shared/spec/PROTOCOL.md`): delegated upload tokens with TTL, chunked uploads by
//! byte range or by part, videos, and the assembled source served byte for byte.
//!
//! Layout: [`routes`] hold thin HTTP handlers over [`storage`] (SQLite + files); the upload
//! rules are pure code in [`content_range`] and [`source`]; [`uploads`] joins them. [`app`]
//! wires the routes and layers; what the handlers share is [`state`], so nothing imports the app.

pub mod app;
pub mod auth;
pub mod clock;
pub mod content_range;
pub mod ids;
pub mod problem;
pub mod query;
pub mod rate_limit;
pub mod routes;
pub mod source;
pub mod state;
pub mod stats;
pub mod storage;
pub mod tls;
pub mod uploads;
