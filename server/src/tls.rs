//! HTTPS for the local server: a certificate given on the command line, or one generated
//! for `localhost`, `127.0.0.1` and `::1` and kept in the data directory. The official
//! browser uploader only speaks `https://`, so this is what lets it run against us.

use std::io;
use std::path::{Path, PathBuf};

/// Returns `(certificate, key)` PEM paths under `dir`, generating them the first time.
pub fn self_signed(dir: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    if cert_path.exists() && key_path.exists() {
        return Ok((cert_path, key_path));
    }
    std::fs::create_dir_all(dir)?;
    let names = vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
        "::1".to_owned(),
    ];
    let generated = rcgen::generate_simple_self_signed(names).map_err(io::Error::other)?;
    std::fs::write(&cert_path, generated.cert.pem())?;
    std::fs::write(&key_path, generated.signing_key.serialize_pem())?;
    Ok((cert_path, key_path))
}
