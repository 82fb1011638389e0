//! Command line and environment configuration (`porchlight-server --help`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

use axum::http::HeaderName;
use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand};
use porchlight_domain::wire::{ClientConfig, MapView, ResponseLimits, ReviewPolicy};

use crate::auth::HashingPool;
use crate::blob_store::BlobStoreConfig;
use crate::db::{Db, DbError, DbLocation, StoreOptions};
use crate::limits::{AbuseLimits, ActionLimits, Limit, TrustedProxy};
use crate::same_origin::WebOrigin;

/// The default base map: OpenStreetMap's standard tiles.
pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
/// Attribution required by the OpenStreetMap tile usage policy.
pub const DEFAULT_TILE_ATTRIBUTION: &str = "© OpenStreetMap contributors";

/// `porchlight-server [serve] [flags]` or `porchlight-server user add …`.
#[derive(Debug, Parser)]
#[command(
    name = "porchlight-server",
    version,
    about = "Porchlight reference backend"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Flags of `serve`, also accepted without the word `serve`.
    #[command(flatten)]
    pub serve: ServeArgs,
}

impl Cli {
    /// The command to run; no subcommand means `serve`.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

/// What the binary does.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the app (the default).
    Serve(ServeArgs),
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Audit a Porchlight server's public log from the outside; exits non-zero on any
    /// mismatch.
    Audit(AuditArgs),
    /// Print the public key that signs this server's log checkpoints.
    LogKey(LogKeyArgs),
    /// Fill a database with generated agencies and requests (benchmarks).
    Seed(SeedArgs),
    /// Move a deployment to another database, or prepare one for a restricted role.
    #[command(subcommand)]
    Store(StoreCommand),
    /// Copy a SQLite deployment into a new file while its server runs.
    ///
    /// The copy is the whole database as of one moment (the public log with it), taken
    /// without stopping the server. To restore: stop the server, put the file in place
    /// of the database, start it with the same log key file (--log-key), which is not
    /// in the backup. For PostgreSQL use pg_dump (README, Backups).
    Backup(BackupArgs),
}

/// `porchlight-server backup [--db FILE] --to FILE`.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// The SQLite database to copy (a path or sqlite://PATH); it is only read.
    #[arg(long, env = "PORCHLIGHT_DB", default_value = "./porchlight.db")]
    pub db: DbLocation,
    /// The new file; refused if it exists.
    #[arg(long)]
    pub to: PathBuf,
}

/// `porchlight-server store copy|migrate|grant`.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Copy a whole deployment into a new, empty database (SQLite or PostgreSQL).
    ///
    /// Agencies, accounts, sessions, sign-in throttling, requests and resolutions with
    /// their ids, and the public log exactly (entries, tree nodes, signed checkpoints,
    /// its key's record), either way between the backends.
    ///
    /// The log's signing key is not in the database: start the target's servers with
    /// the source's key file (--log-key), or they refuse to start. Stop the source's
    /// servers first; what they publish after the copy began is not copied. The copy
    /// is one transaction: interrupted, it leaves the target empty, and a rerun starts
    /// again.
    Copy(StoreCopyArgs),
    /// Run the database's pending migrations and exit.
    ///
    /// As the database's owner, before starting servers with --no-migrate.
    Migrate(StoreMigrateArgs),
    /// Grant a PostgreSQL role exactly what the server needs.
    ///
    /// The role (created by you) may only read and insert rows of the immutable tables
    /// (requests, resolutions, the log). Run it as the owner after `store migrate`, and
    /// start the servers as that role with --no-migrate.
    Grant(StoreGrantArgs),
}

/// `porchlight-server store copy --from DB --to DB [--no-sessions]`.
#[derive(Debug, Clone, Args)]
pub struct StoreCopyArgs {
    /// The database to copy: a SQLite file (a path or sqlite://PATH) or
    /// postgres://USER@HOST/DB. It must exist and be fully migrated; it is only read.
    #[arg(long)]
    pub from: DbLocation,
    /// The new database: migrated by the copy, and refused unless empty. A SQLite file
    /// is created if missing; a PostgreSQL database must exist (createdb).
    #[arg(long)]
    pub to: DbLocation,
    /// Leave the sessions behind: everyone signs in again on the target.
    #[arg(long)]
    pub no_sessions: bool,
}

/// `porchlight-server store migrate --db DB`.
#[derive(Debug, Clone, Args)]
pub struct StoreMigrateArgs {
    /// The database (for PostgreSQL, as its owner: postgres://OWNER@HOST/DB).
    #[arg(long, env = "PORCHLIGHT_DB", default_value = "./porchlight.db")]
    pub db: DbLocation,
}

/// `porchlight-server store grant --db postgres://OWNER@HOST/DB --role ROLE`.
#[derive(Debug, Clone, Args)]
pub struct StoreGrantArgs {
    /// The PostgreSQL database, as its owner; it must be fully migrated.
    #[arg(long, env = "PORCHLIGHT_DB")]
    pub db: DbLocation,
    /// The role the servers connect as (`CREATE ROLE porchlight_app LOGIN PASSWORD …`).
    #[arg(long)]
    pub role: String,
}

/// `porchlight-server audit --url URL [--checkpoint saved.json] [--save saved.json]`.
#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// Base URL of the server, e.g. https://porchlight.example.
    #[arg(long)]
    pub url: String,
    /// A checkpoint saved by an earlier audit: the log must still extend it.
    #[arg(long)]
    pub checkpoint: Option<PathBuf>,
    /// Save the newest checkpoint here when the audit passes.
    #[arg(long)]
    pub save: Option<PathBuf>,
}

/// `--db` and `--log-key`: every command that opens the database takes both.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// The database: a SQLite file, as a path or `sqlite://PATH` (created if
    /// missing), or a PostgreSQL database, `postgres://USER@HOST/DB`.
    #[arg(long, env = "PORCHLIGHT_DB", default_value = "./porchlight.db")]
    pub db: DbLocation,
    /// The public log's Ed25519 signing key, created on first start (mode 0600).
    /// Default: `porchlight-log.key` next to a SQLite file, or in the working
    /// directory for PostgreSQL. Every instance on one database needs the same key.
    #[arg(long, env = "PORCHLIGHT_LOG_KEY")]
    pub log_key: Option<PathBuf>,
    /// Do not run migrations: check that every one has run (`store migrate`, as the
    /// database's owner) and refuse to start otherwise, naming the missing ones. For a
    /// server whose database role may not change tables.
    #[arg(long, env = "PORCHLIGHT_NO_MIGRATE", value_parser = BoolishValueParser::new())]
    pub no_migrate: bool,
}

impl DbArgs {
    /// The log key file to use.
    pub fn key_path(&self) -> PathBuf {
        self.log_key
            .clone()
            .unwrap_or_else(|| self.db.default_key_path())
    }

    /// Opens the database with this key.
    pub async fn open(&self) -> Result<Db, DbError> {
        Db::open_with_options(&self.db, &self.key_path(), &self.store_options()).await
    }

    /// Whether opening runs the migrations or only checks them.
    pub fn store_options(&self) -> StoreOptions {
        if self.no_migrate {
            StoreOptions::no_migrate()
        } else {
            StoreOptions::default()
        }
    }
}

/// `porchlight-server log-key [--db FILE] [--log-key FILE]`.
#[derive(Debug, Clone, Args)]
pub struct LogKeyArgs {
    #[command(flatten)]
    pub database: DbArgs,
}

/// `porchlight-server seed --requests N --agencies M [--db PATH]`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// The database (its seed slugs must be free).
    #[command(flatten)]
    pub database: DbArgs,
    /// Requests to generate.
    #[arg(long, default_value_t = 1_000_000)]
    pub requests: u64,
    /// Agencies to generate, spread over the continental United States.
    #[arg(long, default_value_t = 2_000)]
    pub agencies: u32,
    /// Requests of the one big agency (`bench-metro-police`, Portland, Oregon).
    #[arg(long, default_value_t = 10_000)]
    pub big_agency_requests: u64,
    /// Years over which the requests are spread, ending now.
    #[arg(long, default_value_t = 3)]
    pub years: u32,
    /// Seed of the random generator (the same seed gives the same data).
    #[arg(long, default_value_t = 2026)]
    pub rng_seed: u64,
}

/// Account management subcommands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add(UserAddArgs),
}

/// `porchlight-server user add --email E --display-name N [--admin | --moderator]`.
#[derive(Debug, Clone, Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub database: DbArgs,
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub display_name: String,
    /// Make the account an administrator.
    #[arg(long, conflicts_with = "moderator")]
    pub admin: bool,
    /// Make the account a moderator: it reviews submissions and decides on reports
    /// (never also agency staff or an administrator).
    #[arg(long)]
    pub moderator: bool,
}

/// Flags of `serve`; each one can also come from a `PORCHLIGHT_*` variable.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "PORCHLIGHT_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub database: DbArgs,
    /// The built app (Trunk's `dist/`).
    #[arg(long, env = "PORCHLIGHT_DIST", default_value = "./dist")]
    pub dist: PathBuf,
    /// Seed demo agencies, requests and accounts (once).
    #[arg(long, env = "PORCHLIGHT_DEMO", value_parser = BoolishValueParser::new())]
    pub demo: bool,
    /// Leaflet tile URL template, or `none` for no base map.
    #[arg(long, env = "PORCHLIGHT_TILE_URL", default_value = DEFAULT_TILE_URL)]
    pub tile_url: TileUrl,
    /// Attribution text shown on the map.
    #[arg(long, env = "PORCHLIGHT_TILE_ATTRIBUTION", default_value = DEFAULT_TILE_ATTRIBUTION)]
    pub tile_attribution: String,
    /// Where the map starts: `LAT,LNG,ZOOM` (default: Portland, Oregon).
    #[arg(
        long,
        env = "PORCHLIGHT_DEFAULT_VIEW",
        default_value = "45.5152,-122.6784,13"
    )]
    pub default_view: DefaultView,
    /// The address people open, e.g. `https://porchlight.example`: a state-changing
    /// request from a page of any other origin is refused (403), and with https the
    /// session cookie is `Secure` and HSTS is sent. Without it the server's origin is the
    /// `Host` each request names.
    #[arg(long, env = "PORCHLIGHT_PUBLIC_URL")]
    pub public_url: Option<WebOrigin>,
    /// Mark the session cookie `Secure` (serve behind https); implied by an https
    /// --public-url.
    #[arg(long, env = "PORCHLIGHT_SECURE_COOKIES", value_parser = BoolishValueParser::new())]
    pub secure_cookies: bool,
    /// MiB of published requests' JSON each instance keeps in memory for the feed
    /// (0: none). Safe with several instances: a request
    /// only ever changes by being resolved, and that is part of the key.
    #[arg(long, env = "PORCHLIGHT_REQUEST_CACHE_MIB", default_value_t = DEFAULT_REQUEST_CACHE_MIB)]
    pub request_cache_mib: usize,
    /// `required`: every new request waits for a moderator's review before it is
    /// published (the default). `off`: requests publish at once, marked as published
    /// without review.
    #[arg(
        long,
        env = "PORCHLIGHT_REVIEW",
        default_value = "required",
        value_parser = parse_review_policy
    )]
    pub review: ReviewPolicy,
    /// Boxed: the largest group of flags, and `Command` holds these by value.
    #[command(flatten)]
    pub limits: Box<LimitArgs>,
    /// Email alerts' delivery (README, "Email alerts").
    #[command(flatten)]
    pub mail: Box<MailArgs>,
    /// Residents' responses with footage (README, "Responses with footage").
    #[command(flatten)]
    pub responses: Box<ResponseArgs>,
}

/// Default `--max-response-file-bytes`: 2 GiB.
pub const DEFAULT_MAX_RESPONSE_FILE_BYTES: u64 = 2 << 30;
/// Default `--max-response-bytes`: 4 GiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 4 << 30;

/// Where residents' encrypted footage is kept, how large it may be, and how often
/// expired responses are deleted (README, "Responses with footage").
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Responses with footage")]
pub struct ResponseArgs {
    /// Where the ciphertext of residents' responses is kept: a directory, or
    /// `s3://bucket?endpoint=http://host:port&region=…` for S3-compatible object storage
    /// (keys from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), which every instance
    /// of a deployment with several must share. Default: `blobs/` next to the SQLite
    /// database, or `./blobs` with PostgreSQL.
    #[arg(long, env = "PORCHLIGHT_BLOB_STORE", value_parser = BlobStoreConfig::parse)]
    pub blob_store: Option<BlobStoreConfig>,
    /// The largest file a resident may share (ciphertext bytes).
    #[arg(long, env = "PORCHLIGHT_MAX_RESPONSE_FILE_BYTES", default_value_t = DEFAULT_MAX_RESPONSE_FILE_BYTES,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_response_file_bytes: u64,
    /// The largest response, all its files together (ciphertext bytes).
    #[arg(long, env = "PORCHLIGHT_MAX_RESPONSE_BYTES", default_value_t = DEFAULT_MAX_RESPONSE_BYTES,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub max_response_bytes: u64,
    /// Seconds between two runs of this instance's retention task (every instance may
    /// run it at once).
    #[arg(long, env = "PORCHLIGHT_RETENTION_INTERVAL_SECS", default_value_t = 300,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub retention_interval_secs: u64,
}

impl ResponseArgs {
    /// The blob store, `database` giving the default directory.
    pub fn blob_store(&self, database: &DbLocation) -> BlobStoreConfig {
        self.blob_store.clone().unwrap_or_else(|| {
            BlobStoreConfig::Dir(match database.sqlite_path() {
                Some(path) => path.with_file_name("blobs"),
                None => PathBuf::from("blobs"),
            })
        })
    }
}

/// Where email alerts go (README, "Email alerts").
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Email alerts")]
pub struct MailArgs {
    /// The SMTP server alerts are sent through: `smtp://host:25` (plain, e.g. a relay
    /// on the same host), `smtp://user:pass@host:587?tls=required` (STARTTLS) or
    /// `smtps://user:pass@host` (TLS, port 465). Without it every email is written as
    /// an `.eml` file in --mail-dir instead.
    #[arg(long, env = "PORCHLIGHT_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The emails' sender.
    #[arg(
        long,
        env = "PORCHLIGHT_MAIL_FROM",
        default_value = "Porchlight <alerts@localhost>"
    )]
    pub mail_from: lettre::message::Mailbox,
    /// Where emails are written without --smtp-url. Default: `mail/` next to the SQLite
    /// database, or `./mail` with PostgreSQL.
    #[arg(long, env = "PORCHLIGHT_MAIL_DIR")]
    pub mail_dir: Option<PathBuf>,
    /// Refusals for good (SMTP 5xx) after which a subscription stops.
    #[arg(long, env = "PORCHLIGHT_MAX_BOUNCES", default_value_t = porchlight_domain::alert::DEFAULT_MAX_BOUNCES,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_bounces: u32,
    /// Seconds between two runs of this instance's outbox worker.
    #[arg(long, env = "PORCHLIGHT_OUTBOX_INTERVAL_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub outbox_interval_secs: u64,
}

impl MailArgs {
    /// The delivery settings, `database` giving the default mail directory.
    pub fn settings(&self, database: &DbLocation) -> crate::alerts::MailSettings {
        let mail_dir = self
            .mail_dir
            .clone()
            .unwrap_or_else(|| match database.sqlite_path() {
                Some(path) => path.with_file_name("mail"),
                None => PathBuf::from("mail"),
            });
        crate::alerts::MailSettings {
            smtp_url: self.smtp_url.clone(),
            from: self.mail_from.clone(),
            mail_dir,
        }
    }
}

/// The abuse limits, the client's address behind a proxy and the password-hashing
/// queue (README, "Abuse limits"). Each limit is `COUNT/WINDOW` (window in `s`, `m`,
/// `h` or `d`, e.g. `10/1h`) or `off`; every server instance on one database must be
/// given the same.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Abuse limits")]
pub struct LimitArgs {
    /// Registrations per client address (an IPv4 address or an IPv6 /64).
    #[arg(long, env = "PORCHLIGHT_REGISTER_LIMIT_PER_ADDRESS",
          default_value_t = Limit(AbuseLimits::REGISTER.per_address))]
    pub register_limit_per_address: Limit,
    /// Registrations from everyone together.
    #[arg(long, env = "PORCHLIGHT_REGISTER_LIMIT_GLOBAL",
          default_value_t = Limit(AbuseLimits::REGISTER.global))]
    pub register_limit_global: Limit,
    /// Sign-in attempts per client address.
    #[arg(long, env = "PORCHLIGHT_SIGN_IN_LIMIT_PER_ADDRESS",
          default_value_t = Limit(AbuseLimits::SIGN_IN.per_address))]
    pub sign_in_limit_per_address: Limit,
    /// Sign-in attempts per account email from any address, counted before the password
    /// is checked (a successful sign-in clears them). Five failures in a row also lock
    /// the email for 15 minutes.
    #[arg(long, env = "PORCHLIGHT_SIGN_IN_LIMIT_PER_ACCOUNT",
          default_value_t = Limit(Some(AbuseLimits::SIGN_IN_PER_ACCOUNT)))]
    pub sign_in_limit_per_account: Limit,
    /// Sign-in attempts from everyone together.
    #[arg(long, env = "PORCHLIGHT_SIGN_IN_LIMIT_GLOBAL",
          default_value_t = Limit(AbuseLimits::SIGN_IN.global))]
    pub sign_in_limit_global: Limit,
    /// Requests posted (`POST /requests`) per client address.
    #[arg(long, env = "PORCHLIGHT_POST_LIMIT_PER_ADDRESS",
          default_value_t = Limit(AbuseLimits::POST.per_address))]
    pub post_limit_per_address: Limit,
    /// Requests posted by everyone together.
    #[arg(long, env = "PORCHLIGHT_POST_LIMIT_GLOBAL",
          default_value_t = Limit(AbuseLimits::POST.global))]
    pub post_limit_global: Limit,
    /// Resident reports (`POST /requests/{id}/reports`) per client address.
    #[arg(long, env = "PORCHLIGHT_REPORT_LIMIT_PER_ADDRESS",
          default_value_t = Limit(AbuseLimits::REPORT.per_address))]
    pub report_limit_per_address: Limit,
    /// Resident reports from everyone together.
    #[arg(long, env = "PORCHLIGHT_REPORT_LIMIT_GLOBAL",
          default_value_t = Limit(AbuseLimits::REPORT.global))]
    pub report_limit_global: Limit,
    /// Alert subscriptions per client address.
    #[arg(long, env = "PORCHLIGHT_SUBSCRIBE_LIMIT_PER_ADDRESS",
          default_value_t = Limit(AbuseLimits::SUBSCRIBE.per_address))]
    pub subscribe_limit_per_address: Limit,
    /// Alert subscriptions (each sends a confirmation email) per email address, whatever
    /// the client address.
    #[arg(long, env = "PORCHLIGHT_SUBSCRIBE_LIMIT_PER_EMAIL",
          default_value_t = Limit(Some(AbuseLimits::SUBSCRIBE_PER_EMAIL)))]
    pub subscribe_limit_per_email: Limit,
    /// Alert subscriptions in all.
    #[arg(long, env = "PORCHLIGHT_SUBSCRIBE_LIMIT_GLOBAL",
          default_value_t = Limit(AbuseLimits::SUBSCRIBE.global))]
    pub subscribe_limit_global: Limit,
    /// Behind a reverse proxy: the header it writes the client's address in
    /// (`X-Forwarded-For`, `X-Real-IP` or `Forwarded`). Without it the client is the
    /// connection's peer and no header is read. Set it only when the server can be
    /// reached through the proxy alone: anyone reaching it directly could write the
    /// header.
    #[arg(long, env = "PORCHLIGHT_TRUSTED_PROXY_HEADER", value_parser = parse_header_name)]
    pub trusted_proxy_header: Option<HeaderName>,
    /// How many proxies of yours add to that header: the client is the address this
    /// many places from its right end (what the outermost of them saw). Addresses
    /// further left were written by the client and are never read.
    #[arg(long, env = "PORCHLIGHT_TRUSTED_PROXY_HOPS", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=16))]
    pub trusted_proxy_hops: u16,
    /// Passwords hashed at once (argon2id: 19 MiB and a core for tens of milliseconds
    /// each). Default: every core but one.
    #[arg(long, env = "PORCHLIGHT_HASHING_THREADS",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub hashing_threads: Option<u16>,
    /// Sign-ups and sign-ins that may wait for a hashing thread; more are answered 503
    /// `busy` with `Retry-After` at once.
    #[arg(long, env = "PORCHLIGHT_HASHING_QUEUE", default_value_t = DEFAULT_HASHING_QUEUE)]
    pub hashing_queue: usize,
}

/// `--hashing-queue` unless given.
pub const DEFAULT_HASHING_QUEUE: usize = 16;

/// `--trusted-proxy-header NAME`.
fn parse_header_name(s: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(s.trim().as_bytes())
        .map_err(|_| format!("`{s}` is not a header name, e.g. X-Forwarded-For"))
}

impl LimitArgs {
    /// The limits these flags set.
    pub fn abuse_limits(&self) -> AbuseLimits {
        let action = |per_address: Limit, global: Limit| ActionLimits {
            per_address: per_address.0,
            global: global.0,
        };
        AbuseLimits {
            register: action(self.register_limit_per_address, self.register_limit_global),
            sign_in: action(self.sign_in_limit_per_address, self.sign_in_limit_global),
            sign_in_per_account: self.sign_in_limit_per_account.0,
            post: action(self.post_limit_per_address, self.post_limit_global),
            report: action(self.report_limit_per_address, self.report_limit_global),
            subscribe: action(
                self.subscribe_limit_per_address,
                self.subscribe_limit_global,
            ),
            subscribe_per_email: self.subscribe_limit_per_email.0,
        }
    }

    /// Where the client's address comes from.
    pub fn trusted_proxy(&self) -> TrustedProxy {
        match &self.trusted_proxy_header {
            Some(name) => TrustedProxy::header(name.clone(), usize::from(self.trusted_proxy_hops)),
            None => TrustedProxy::default(),
        }
    }
}

/// `--review required|off`.
fn parse_review_policy(s: &str) -> Result<ReviewPolicy, String> {
    match s.trim() {
        "required" => Ok(ReviewPolicy::Required),
        "off" => Ok(ReviewPolicy::Off),
        other => Err(format!("`{other}`: expected `required` or `off`")),
    }
}

/// `--request-cache-mib` unless given.
pub const DEFAULT_REQUEST_CACHE_MIB: usize =
    crate::db::request_cache::DEFAULT_REQUEST_CACHE_BYTES >> 20;

/// A tile URL template, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileUrl(pub Option<String>);

impl FromStr for TileUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("none") || s.is_empty() {
            return Ok(TileUrl(None));
        }
        if !(s.starts_with("https://") || s.starts_with("http://")) {
            return Err("the tile URL must start with https:// or http://, or be `none`".into());
        }
        Ok(TileUrl(Some(s.to_owned())))
    }
}

/// `LAT,LNG,ZOOM`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DefaultView(pub MapView);

impl FromStr for DefaultView {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parts: Vec<f64> = s
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| "expected LAT,LNG,ZOOM, e.g. 45.5152,-122.6784,13".to_string())?;
        let [lat, lng, zoom] = parts[..] else {
            return Err("expected LAT,LNG,ZOOM, e.g. 45.5152,-122.6784,13".into());
        };
        if !(-90.0..=90.0).contains(&lat)
            || !(-180.0..=180.0).contains(&lng)
            || !(0.0..=22.0).contains(&zoom)
        {
            return Err("latitude must be within ±90, longitude ±180, zoom 0–22".into());
        }
        Ok(DefaultView(MapView { lat, lng, zoom }))
    }
}

/// What the running app needs from the configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub dist: PathBuf,
    pub client: ClientConfig,
    /// `--max-response-file-bytes`, `--max-response-bytes` (also in `GET /config`).
    pub responses: ResponseLimits,
    /// `--secure-cookies`; see [`Config::https`].
    pub secure_cookies: bool,
    /// `--public-url`: the only origin whose pages may change state.
    pub public_origin: Option<WebOrigin>,
    /// The abuse limits (`--*-limit-*`).
    pub limits: AbuseLimits,
    /// Where the client's address comes from (`--trusted-proxy-header`).
    pub proxy: TrustedProxy,
    /// Passwords hashed at once (`--hashing-threads`).
    pub hashing_threads: usize,
    /// Requests that may wait for a hashing thread (`--hashing-queue`).
    pub hashing_queue: usize,
    /// Where responses' ciphertext is kept (`--blob-store`).
    pub blob_store: BlobStoreConfig,
}

impl Config {
    /// Whether new requests wait for review (`--review`).
    pub fn review(&self) -> ReviewPolicy {
        self.client.review
    }

    /// Whether people reach the server over https (`--public-url https://…` or
    /// `--secure-cookies`): the session cookie is then `Secure`, and HSTS is sent.
    pub fn https(&self) -> bool {
        self.secure_cookies || self.public_origin.as_ref().is_some_and(WebOrigin::is_https)
    }

    /// A configuration for tests: no tiles, Portland view, no dist directory, and
    /// requests published at once (`--review off`): the tests of review turn it on.
    /// The abuse limits and the hashing queue are the defaults.
    pub fn for_tests(dist: PathBuf) -> Self {
        Config {
            dist: dist.clone(),
            client: ClientConfig {
                tile_url: None,
                tile_attribution: DEFAULT_TILE_ATTRIBUTION.into(),
                default_view: MapView {
                    lat: 45.5152,
                    lng: -122.6784,
                    zoom: 13.0,
                },
                review: ReviewPolicy::Off,
            },
            responses: ResponseLimits {
                max_response_file_bytes: DEFAULT_MAX_RESPONSE_FILE_BYTES,
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            },
            secure_cookies: false,
            public_origin: None,
            limits: AbuseLimits::default(),
            proxy: TrustedProxy::default(),
            hashing_threads: HashingPool::default_threads(),
            hashing_queue: DEFAULT_HASHING_QUEUE,
            // `blobs/` beside the test's `dist/`, in its temporary directory.
            blob_store: BlobStoreConfig::Dir(dist.with_file_name("blobs")),
        }
    }
}

impl From<&ServeArgs> for Config {
    fn from(args: &ServeArgs) -> Self {
        Config {
            dist: args.dist.clone(),
            client: ClientConfig {
                tile_url: args.tile_url.0.clone(),
                tile_attribution: args.tile_attribution.clone(),
                default_view: args.default_view.0,
                review: args.review,
            },
            responses: ResponseLimits {
                max_response_file_bytes: args.responses.max_response_file_bytes,
                max_response_bytes: args.responses.max_response_bytes,
            },
            secure_cookies: args.secure_cookies,
            public_origin: args.public_url.clone(),
            limits: args.limits.abuse_limits(),
            proxy: args.limits.trusted_proxy(),
            hashing_threads: args
                .limits
                .hashing_threads
                .map_or_else(HashingPool::default_threads, usize::from),
            hashing_queue: args.limits.hashing_queue,
            blob_store: args.responses.blob_store(&args.database.db),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_subcommand_means_serve_with_defaults() {
        let cli = Cli::try_parse_from(["porchlight-server"]).unwrap();
        let Command::Serve(args) = cli.into_command() else {
            panic!("expected serve")
        };
        assert_eq!(args.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(args.tile_url.0.as_deref(), Some(DEFAULT_TILE_URL));
        assert_eq!(args.default_view.0.zoom, 13.0);
        assert_eq!(
            args.review,
            ReviewPolicy::Required,
            "review is on by default"
        );
        assert_eq!(Config::from(&args).review(), ReviewPolicy::Required);
    }

    #[test]
    fn review_parses_and_refuses_other_values() {
        let Command::Serve(args) = Cli::try_parse_from(["p", "serve", "--review", "off"])
            .unwrap()
            .into_command()
        else {
            panic!("expected serve")
        };
        assert_eq!(args.review, ReviewPolicy::Off);
        assert_eq!(Config::from(&args).client.review, ReviewPolicy::Off);
        let err = Cli::try_parse_from(["p", "--review", "maybe"]).unwrap_err();
        assert!(
            err.to_string().contains("expected `required` or `off`"),
            "{err}"
        );
    }

    #[test]
    fn flags_work_with_and_without_serve() {
        for argv in [
            vec!["p", "--addr", "127.0.0.1:0", "--tile-url", "none", "--demo"],
            vec![
                "p",
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--tile-url",
                "none",
                "--demo",
            ],
        ] {
            let Command::Serve(args) = Cli::try_parse_from(argv).unwrap().into_command() else {
                panic!("expected serve")
            };
            assert_eq!(args.addr.port(), 0);
            assert_eq!(args.tile_url, TileUrl(None));
            assert!(args.demo);
        }
    }

    #[test]
    fn user_add_parses() {
        let cli = Cli::try_parse_from([
            "p",
            "user",
            "add",
            "--email",
            "a@b.example",
            "--display-name",
            "A",
            "--admin",
        ])
        .unwrap();
        let Command::User(UserCommand::Add(args)) = cli.into_command() else {
            panic!()
        };
        assert!(args.admin && !args.moderator);
        assert_eq!(args.email, "a@b.example");
        let cli = Cli::try_parse_from([
            "p",
            "user",
            "add",
            "--email",
            "m@b.example",
            "--display-name",
            "M",
            "--moderator",
        ])
        .unwrap();
        let Command::User(UserCommand::Add(args)) = cli.into_command() else {
            panic!()
        };
        assert!(args.moderator && !args.admin);
        let both = [
            "p",
            "user",
            "add",
            "--email",
            "m@b.example",
            "--display-name",
            "M",
            "--moderator",
            "--admin",
        ];
        assert!(Cli::try_parse_from(both).is_err(), "one role only");
    }

    #[test]
    fn audit_and_log_key_parse() {
        let cli = Cli::try_parse_from([
            "p",
            "audit",
            "--url",
            "http://127.0.0.1:8080",
            "--save",
            "cp.json",
        ])
        .unwrap();
        let Command::Audit(args) = cli.into_command() else {
            panic!("expected audit")
        };
        assert_eq!(args.url, "http://127.0.0.1:8080");
        assert_eq!(args.save, Some(PathBuf::from("cp.json")));
        let cli = Cli::try_parse_from(["p", "log-key", "--db", "/srv/p/porchlight.db"]).unwrap();
        let Command::LogKey(args) = cli.into_command() else {
            panic!("expected log-key")
        };
        assert_eq!(
            args.database.key_path(),
            PathBuf::from("/srv/p/porchlight-log.key")
        );
        let cli = Cli::try_parse_from(["p", "--db", "/srv/p/x.db", "--log-key", "/etc/p/log.key"])
            .unwrap();
        let Command::Serve(args) = cli.into_command() else {
            panic!("expected serve")
        };
        assert_eq!(args.database.key_path(), PathBuf::from("/etc/p/log.key"));
    }

    #[test]
    fn seed_parses_with_defaults() {
        let cli =
            Cli::try_parse_from(["p", "seed", "--requests", "5000", "--db", "/tmp/x.db"]).unwrap();
        let Command::Seed(args) = cli.into_command() else {
            panic!()
        };
        assert_eq!(args.requests, 5_000);
        assert_eq!(args.agencies, 2_000);
        assert_eq!(args.big_agency_requests, 10_000);
    }

    #[test]
    fn no_migrate_and_the_store_commands_parse() {
        let cli = Cli::try_parse_from(["p", "serve", "--no-migrate", "--db", "postgres://a@h/d"])
            .unwrap();
        let Command::Serve(args) = cli.into_command() else {
            panic!("expected serve")
        };
        assert_eq!(args.database.store_options(), StoreOptions::no_migrate());
        let cli = Cli::try_parse_from(["p", "serve"]).unwrap();
        let Command::Serve(args) = cli.into_command() else {
            panic!("expected serve")
        };
        assert_eq!(args.database.store_options(), StoreOptions::default());

        let cli = Cli::try_parse_from([
            "p",
            "store",
            "copy",
            "--from",
            "/srv/p/porchlight.db",
            "--to",
            "postgres://porchlight@db/porchlight",
            "--no-sessions",
        ])
        .unwrap();
        let Command::Store(StoreCommand::Copy(args)) = cli.into_command() else {
            panic!("expected store copy")
        };
        assert_eq!(args.from, DbLocation::Sqlite("/srv/p/porchlight.db".into()));
        assert!(matches!(args.to, DbLocation::Postgres(_)));
        assert!(args.no_sessions);
        assert!(Cli::try_parse_from(["p", "store", "copy", "--from", "a.db"]).is_err());
        let cli = Cli::try_parse_from([
            "p",
            "store",
            "grant",
            "--db",
            "postgres://o@h/d",
            "--role",
            "porchlight_app",
        ])
        .unwrap();
        let Command::Store(StoreCommand::Grant(args)) = cli.into_command() else {
            panic!("expected store grant")
        };
        assert_eq!(args.role, "porchlight_app");
        assert!(Cli::try_parse_from(["p", "store", "grant", "--db", "postgres://o@h/d"]).is_err());
    }

    #[test]
    fn backup_parses() {
        let cli = Cli::try_parse_from([
            "p",
            "backup",
            "--db",
            "/srv/p/porchlight.db",
            "--to",
            "/backup/p.db",
        ])
        .unwrap();
        let Command::Backup(args) = cli.into_command() else {
            panic!("expected backup")
        };
        assert_eq!(args.db, DbLocation::Sqlite("/srv/p/porchlight.db".into()));
        assert_eq!(args.to, PathBuf::from("/backup/p.db"));
        assert!(
            Cli::try_parse_from(["p", "backup"]).is_err(),
            "--to is required"
        );
    }

    #[test]
    fn public_url_decides_https() {
        let serve = |argv: &[&str]| {
            let Command::Serve(args) = Cli::try_parse_from(argv).unwrap().into_command() else {
                panic!("expected serve")
            };
            Config::from(&args)
        };
        let none = serve(&["p"]);
        assert_eq!(none.public_origin, None);
        assert!(!none.https(), "no public URL: not Secure");
        let http = serve(&["p", "--public-url", "http://192.168.1.20:8080"]);
        assert_eq!(
            http.public_origin
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("http://192.168.1.20:8080")
        );
        assert!(!http.https(), "an http public URL: not Secure");
        let https = serve(&["p", "serve", "--public-url", "https://porchlight.example/"]);
        assert_eq!(
            https
                .public_origin
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("https://porchlight.example")
        );
        assert!(https.https(), "an https public URL: Secure");
        assert!(serve(&["p", "--secure-cookies"]).https());
        let err = Cli::try_parse_from(["p", "--public-url", "https://porchlight.example/town"])
            .unwrap_err();
        assert!(err.to_string().contains("without a path"), "{err}");
    }

    #[test]
    fn bad_view_and_tile_url_are_refused() {
        assert!("45,-122".parse::<DefaultView>().is_err());
        assert!("95,-122,13".parse::<DefaultView>().is_err());
        assert!("ftp://x/{z}".parse::<TileUrl>().is_err());
    }

    fn serve_args(argv: &[&str]) -> ServeArgs {
        let Command::Serve(args) = Cli::try_parse_from(argv).unwrap().into_command() else {
            panic!("expected serve")
        };
        args
    }

    #[test]
    fn abuse_limits_default_and_parse() {
        use crate::limits::Rate;
        let args = serve_args(&["p"]);
        let config = Config::from(&args);
        assert_eq!(config.limits, AbuseLimits::default());
        assert_eq!(
            config.proxy,
            TrustedProxy::default(),
            "no header is trusted"
        );
        assert_eq!(config.hashing_threads, HashingPool::default_threads());
        assert_eq!(config.hashing_queue, DEFAULT_HASHING_QUEUE);
        let args = serve_args(&[
            "p",
            "--register-limit-per-address",
            "3/1m",
            "--sign-in-limit-global",
            "off",
            "--sign-in-limit-per-account",
            "4/10m",
            "--report-limit-global",
            "7/1d",
            "--trusted-proxy-header",
            "X-Forwarded-For",
            "--trusted-proxy-hops",
            "2",
            "--hashing-threads",
            "3",
            "--hashing-queue",
            "0",
        ]);
        let config = Config::from(&args);
        assert_eq!(config.limits.register.per_address, Some(Rate::new(3, 60)));
        assert_eq!(config.limits.register.global, AbuseLimits::REGISTER.global);
        assert_eq!(config.limits.sign_in.global, None);
        assert_eq!(config.limits.sign_in_per_account, Some(Rate::new(4, 600)));
        assert_eq!(config.limits.report.global, Some(Rate::new(7, 86_400)));
        assert_eq!(
            config.proxy,
            TrustedProxy::header(HeaderName::from_static("x-forwarded-for"), 2)
        );
        assert_eq!((config.hashing_threads, config.hashing_queue), (3, 0));
        for bad in [
            ["p", "--post-limit-per-address", "10"],
            ["p", "--post-limit-global", "0/1h"],
            ["p", "--trusted-proxy-hops", "0"],
            ["p", "--trusted-proxy-header", "X Forwarded"],
            ["p", "--hashing-threads", "0"],
        ] {
            assert!(Cli::try_parse_from(bad).is_err(), "{bad:?}");
        }
    }
}
