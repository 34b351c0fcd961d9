//! `upload-server`: run the local api.video-compatible server, or mint a token for scripts.

use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{ArgAction, Args, Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use upload_server::app::{self, StaticDir};
use upload_server::rate_limit::RateLimiter;
use upload_server::routes::tokens::UploadToken;
use upload_server::state::AppState;
use upload_server::storage::{DB_FILE, Storage, db};
use upload_server::{clock, ids, tls};

type Error = Box<dyn std::error::Error + Send + Sync>;

// `upload-server` alone runs the server, as `upload-server serve` does, with the same flags.
#[derive(Parser)]
#[command(
    name = "upload-server",
    version,
    about = "A local api.video-compatible upload server: delegated upload tokens, chunked uploads, videos.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    // The server's flags, when it is started without `serve`.
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve(ServeArgs),
    /// Manage delegated upload tokens in a server's data folder, running or not.
    Token {
        #[command(subcommand)]
        action: TokenCommand,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token and print it (alone, for scripts).
    Create(TokenCreateArgs),
}

/// Where a server keeps its data: shared by the server and the commands that work on it.
#[derive(Args)]
struct DataDirArgs {
    /// The server's data folder: its SQLite database, API key and video files.
    #[arg(long, env = "UPLOAD_SERVER_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
}

/// The data folder of a server, for the commands that read or write it without the server.
#[derive(Args)]
struct ServerDataArgs {
    #[command(flatten)]
    dir: DataDirArgs,

    /// Create the data folder and its database if missing, instead of refusing a folder no
    /// server has made.
    #[arg(long)]
    create_data_dir: bool,
}

impl ServerDataArgs {
    /// The database of the data folder; refused when the folder or its database is missing,
    /// unless `--create-data-dir` asks for them.
    fn open_db(&self) -> Result<rusqlite::Connection, Error> {
        let dir = &self.dir.data_dir;
        let db_path = dir.join(DB_FILE);
        if self.create_data_dir {
            std::fs::create_dir_all(dir)?;
        } else if !db_path.is_file() {
            let shown = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
            let what = if dir.is_dir() {
                format!("has no {DB_FILE}")
            } else {
                "does not exist".to_owned()
            };
            return Err(format!(
                "no server data in --data-dir {}: the folder {what}, so no server would accept \
                 a token made there.\nStart the server first, or pass the server's --data-dir, \
                 or --create-data-dir to make a new one.",
                shown.display()
            )
            .into());
        }
        Ok(db::open(&db_path)?)
    }
}

#[derive(Args)]
struct TokenCreateArgs {
    #[command(flatten)]
    data: ServerDataArgs,

    /// Seconds the token lives; 0 never expires.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=2_147_483_647))]
    ttl: u32,

    /// Print the token object as JSON instead.
    #[arg(long)]
    json: bool,
}

/// The server's flags: `upload-server [serve] …`.
#[derive(Args)]
struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (printed as `listening on …`).
    #[arg(long, env = "UPLOAD_SERVER_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,

    // The server creates its data folder if it does not exist.
    #[command(flatten)]
    data: DataDirArgs,

    /// The API key; without it one is generated on first start and kept in the data directory.
    #[arg(long, env = "UPLOAD_SERVER_API_KEY", hide_env_values = true)]
    api_key: Option<String>,

    /// Origin used in asset URLs (default: the scheme and address the server bound).
    #[arg(long, env = "UPLOAD_SERVER_PUBLIC_URL")]
    public_url: Option<String>,

    /// Folder served as static files: `DIR` at `/`, or `/PREFIX=DIR`. Repeatable.
    #[arg(long, env = "UPLOAD_SERVER_STATIC_DIR", value_delimiter = ',')]
    static_dir: Vec<StaticDir>,

    /// Serve HTTPS with a self-signed certificate for localhost, kept in `<data-dir>/tls/`.
    #[arg(long, env = "UPLOAD_SERVER_TLS_SELF_SIGNED", action = ArgAction::SetTrue)]
    tls_self_signed: bool,

    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "UPLOAD_SERVER_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<PathBuf>,

    /// The private key (PEM) of --tls-cert.
    #[arg(long, env = "UPLOAD_SERVER_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<PathBuf>,

    /// Requests a minute per credential before answering 429; 0 turns the limit off.
    #[arg(long, env = "UPLOAD_SERVER_RATE_LIMIT", default_value_t = 0)]
    rate_limit: u32,

    /// Seconds after expiry during which a token's own videos still take chunks.
    #[arg(
        long,
        env = "UPLOAD_SERVER_EXPIRED_TOKEN_GRACE",
        default_value_t = 86_400
    )]
    expired_token_grace: u32,
}

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        None => serve(&cli.serve),
        Some(Command::Serve(args)) => serve(args),
        Some(Command::Token {
            action: TokenCommand::Create(args),
        }) => create_token(args),
    };
    if let Err(error) = result {
        eprintln!("upload-server: {error}");
        std::process::exit(1);
    }
}

fn create_token(args: &TokenCreateArgs) -> Result<(), Error> {
    let conn = args.data.open_db()?;
    let token = db::insert_token(
        &conn,
        &ids::upload_token(),
        i64::from(args.ttl),
        clock::now_ms(),
    )?;
    if args.json {
        println!("{}", serde_json::to_string(&UploadToken::from(&token))?);
    } else {
        println!("{}", token.token);
    }
    Ok(())
}

#[tokio::main]
async fn serve(cli: &ServeArgs) -> Result<(), Error> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let storage = Storage::open(&cli.data.data_dir)?;
    let recovered = storage.recover()?;
    if recovered > 0 {
        tracing::info!(
            "assembled {recovered} source(s) whose chunks had all arrived before the last stop"
        );
    }
    let api_key = match &cli.api_key {
        Some(key) if !key.is_empty() => key.clone(),
        _ => load_or_create_api_key(&cli.data.data_dir)?,
    };
    println!("api key: {api_key}");

    let listener = std::net::TcpListener::bind(cli.listen).map_err(|e| {
        format!(
            "cannot listen on {}: {e} (another server there? try --listen 127.0.0.1:0)",
            cli.listen
        )
    })?;
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?;
    let tls = match (&cli.tls_cert, &cli.tls_key) {
        (Some(cert), Some(key)) => Some((cert.clone(), key.clone())),
        _ if cli.tls_self_signed => Some(tls::self_signed(&cli.data.data_dir.join("tls"))?),
        _ => None,
    };
    let scheme = if tls.is_some() { "https" } else { "http" };
    let public_url = match &cli.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("{scheme}://{}", browsable(bound)),
    };
    let state = AppState {
        storage,
        api_key: api_key.into(),
        public_url: public_url.into(),
        expired_token_grace_ms: i64::from(cli.expired_token_grace) * 1000,
        rate_limiter: (cli.rate_limit > 0).then(|| Arc::new(RateLimiter::new(cli.rate_limit))),
        stats: Arc::default(),
    };
    let service =
        app::router(state, &cli.static_dir).into_make_service_with_connect_info::<SocketAddr>();
    println!("listening on {scheme}://{bound}");

    // One server for both schemes, so both get the bounded connection buffers.
    let handle = axum_server::Handle::new();
    let on_signal = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        on_signal.graceful_shutdown(Some(std::time::Duration::from_secs(5)));
    });
    match tls {
        Some((cert, key)) => {
            // Both ring and aws-lc may be linked in by dependencies; pick ring explicitly.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                .await
                .map_err(|e| format!("cannot load the TLS certificate {}: {e}", cert.display()))?;
            let mut server = axum_server::from_tcp_rustls(listener, config)?.handle(handle);
            server
                .http_builder()
                .http1()
                .max_buf_size(app::CONNECTION_READ_BUFFER);
            server.serve(service).await?;
        }
        None => {
            let mut server = axum_server::from_tcp(listener)?.handle(handle);
            server
                .http_builder()
                .http1()
                .max_buf_size(app::CONNECTION_READ_BUFFER);
            server.serve(service).await?;
        }
    }
    tracing::info!("stopped");
    Ok(())
}

/// An address a browser can open: a wildcard bind is reached on loopback.
fn browsable(bound: SocketAddr) -> SocketAddr {
    if bound.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), bound.port())
    } else {
        bound
    }
}

/// The key kept in `<data-dir>/api-key`, created on first start.
fn load_or_create_api_key(data_dir: &Path) -> Result<String, Error> {
    let path = data_dir.join("api-key");
    match std::fs::read_to_string(&path) {
        Ok(key) if !key.trim().is_empty() => return Ok(key.trim().to_owned()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot read {}: {e}", path.display()).into()),
    }
    let key = ids::random("", 43);
    std::fs::write(&path, format!("{key}\n"))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(key)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
