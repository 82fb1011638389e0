//! `porchlight-server backup --to FILE`: a copy of a SQLite deployment taken while its
//! server serves and publishes is a deployment of its own, at one moment of the
//! original: a server starts on it with the same key, an audit passes, and its signed
//! tree head is one the original's log extends. Existing files and PostgreSQL are
//! refused.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use porchlight_server::db::DbLocation;
use porchlight_server::demo::DEMO_PASSWORD;
use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use time::OffsetDateTime;

use crate::binary::run;
use crate::deployment::seed;
use crate::same_deployment::{draft, open};
use crate::snapshot::{audit_over_http, Snapshot};

/// A `porchlight-server` serving a database, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(db: &Path, key: &Path, dir: &Path) -> Server {
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>t</title>").unwrap();
        let stderr = dir.join(format!(
            "{}.stderr",
            db.file_name().unwrap().to_string_lossy()
        ));
        let mut command = Command::new(env!("CARGO_BIN_EXE_porchlight-server"));
        for (name, _) in std::env::vars() {
            if name.starts_with("PORCHLIGHT_") {
                command.env_remove(name);
            }
        }
        let mut child = command
            .args(["serve", "--addr", "127.0.0.1:0", "--tile-url", "none"])
            // The publisher posts from this one address for as long as the backup takes
            // (hundreds of posts on a fast machine): past the default 60 an hour.
            .args(["--post-limit-per-address", "100000/1h"])
            .args(["--post-limit-global", "100000/1h"])
            .args(["--review", "off", "--db"])
            .arg(db)
            .arg("--log-key")
            .arg(key)
            .arg("--dist")
            .arg(&dist)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("spawn the server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(addr) = line.trim().strip_prefix("porchlight-server listening on ") else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the server on {} did not start: {line:?}; {}",
                db.display(),
                std::fs::read_to_string(&stderr).unwrap_or_default()
            );
        };
        Server {
            url: addr.to_owned(),
            child,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Rows of every table (virtual and shadow tables too), read without writing.
async fn row_counts(db: &Path) -> BTreeMap<String, i64> {
    let options = SqliteConnectOptions::new().filename(db).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut counts = BTreeMap::new();
    for table in tables {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        counts.insert(table, rows);
    }
    conn.close().await.unwrap();
    counts
}

/// Signs in as the demo officer and publishes requests until `stop`, counting them.
fn publish_until(url: String, stop: Arc<AtomicBool>, published: Arc<AtomicU64>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into();
    let login = agent
        .post(format!("{url}/api/v1/auth/login"))
        .send_json(json!({ "email": "officer@porchlight.test", "password": DEMO_PASSWORD }))
        .unwrap();
    assert_eq!(login.status(), 200, "the officer signs in");
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let mut n = 0;
    while !stop.load(Ordering::SeqCst) {
        n += 1;
        let mut body = draft();
        body["case_number"] = json!(format!("BACKUP-{n:05}"));
        let mut response = agent
            .post(format!("{url}/api/v1/requests"))
            .header("cookie", &cookie)
            .send_json(body)
            .unwrap();
        let status = response.status();
        assert_eq!(
            status,
            201,
            "publishing request {n}: {}",
            response.body_mut().read_to_string().unwrap_or_default()
        );
        published.fetch_add(1, Ordering::SeqCst);
    }
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `audit --url` of a running server: its stdout, after asserting it passed.
fn audit(url: &str, extra: &[&str]) -> String {
    let mut args = vec!["audit", "--url", url];
    args.extend_from_slice(extra);
    let audit = run(&args);
    assert!(
        audit.success,
        "audit {url}: {}{}",
        audit.stdout, audit.stderr
    );
    audit.stdout
}

/// The audited tree head: (tree size, root hash), as `audit` prints them.
fn tree_head(audit: &str) -> (u64, String) {
    let size = audit
        .strip_prefix("audit passed: ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no tree size in {audit:?}"));
    let root = audit
        .split("root hash ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("no root hash in {audit:?}"));
    (size, root.to_owned())
}

#[test]
fn a_backup_taken_while_the_server_publishes_is_the_deployment_at_one_moment() {
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let source = dir.path().join("porchlight.db");
    let key = dir.path().join("porchlight-log.key");
    let location = DbLocation::Sqlite(source.clone());
    runtime.block_on(seed(&location, &key, now));
    let before = runtime.block_on(row_counts(&source));
    let before_size = runtime.block_on(async {
        let db = open(&location, &key).await;
        let size = db.log_checkpoint().await.unwrap().tree_size;
        db.close().await;
        size
    });

    let original = Server::start(&source, &key, dir.path());
    let stop = Arc::new(AtomicBool::new(false));
    let published = Arc::new(AtomicU64::new(0));
    let publisher = std::thread::spawn({
        let (url, stop, published) = (original.url.clone(), stop.clone(), published.clone());
        move || publish_until(url, stop, published)
    });
    wait_for(
        "publishing before the backup",
        Duration::from_secs(60),
        || published.load(Ordering::SeqCst) >= 10 || publisher.is_finished(),
    );

    let backup_path = dir.path().join("backups/porchlight-backup.db");
    std::fs::create_dir_all(backup_path.parent().unwrap()).unwrap();
    let at_start = published.load(Ordering::SeqCst);
    let started = Instant::now();
    let backup = run(&[
        "backup",
        "--db",
        source.to_str().unwrap(),
        "--to",
        backup_path.to_str().unwrap(),
    ]);
    let took = started.elapsed();
    let during = published.load(Ordering::SeqCst);
    assert!(backup.success, "backup: {}{}", backup.stdout, backup.stderr);
    assert!(
        during > at_start,
        "the server published while the backup ran"
    );
    // The original goes on publishing after the copy.
    wait_for(
        "publishing after the backup",
        Duration::from_secs(60),
        || published.load(Ordering::SeqCst) >= during + 10 || publisher.is_finished(),
    );
    stop.store(true, Ordering::SeqCst);
    publisher.join().expect("the publisher");
    let published = published.load(Ordering::SeqCst);
    eprintln!(
        "backup took {took:?}; {} requests published while it ran, {published} in all",
        during - at_start
    );

    // It printed what it wrote: the path, the size, the copied log's tree size.
    let bytes = std::fs::metadata(&backup_path).unwrap().len();
    assert!(
        backup.stdout.contains(&format!(
            "into {}: {bytes} bytes, the log's tree size ",
            backup_path.display()
        )),
        "{}",
        backup.stdout
    );
    let printed_size: u64 = backup
        .stdout
        .split("the log's tree size ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", backup.stdout));
    let no_partials: Vec<PathBuf> = std::fs::read_dir(backup_path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(no_partials, vec![backup_path.clone()], "only the backup");
    // Not in WAL mode (file format bytes 18 and 19): the file alone is the whole copy.
    let header = std::fs::read(&backup_path).unwrap();
    assert_eq!(header[18..20], [1, 1], "a rollback-journal database");

    // A server starts on the copy with the log's key; its log verifies on its own.
    let copy_server = Server::start(&backup_path, &key, dir.path());
    let saved = dir.path().join("copy-checkpoint.json");
    let copy_head = tree_head(&audit(
        &copy_server.url,
        &["--save", saved.to_str().unwrap()],
    ));
    drop(copy_server);
    assert_eq!(copy_head.0, printed_size, "the printed tree size");
    assert!(
        backup
            .stdout
            .contains(&format!("root hash {}", copy_head.1)),
        "{}",
        backup.stdout
    );
    // A moment of the original while it published: after what it had before, before
    // what it had after; and the original's log extends the copy's tree head (the
    // audit checks a consistency proof from the copy's size and root hash).
    let original_audit = audit(&original.url, &["--checkpoint", saved.to_str().unwrap()]);
    let original_head = tree_head(&original_audit);
    assert!(
        original_audit.contains(&format!(
            "the log extends the saved checkpoint of {} entries",
            copy_head.0
        )),
        "{original_audit}"
    );
    assert!(
        before_size < copy_head.0 && copy_head.0 < original_head.0,
        "before {before_size}, copy {}, after {}",
        copy_head.0,
        original_head.0
    );
    assert_eq!(original_head.0, before_size + published);
    drop(original);

    // Every table's rows: at least what the original had before publishing began,
    // at most what it had after; the copy's requests and log agree.
    let after = runtime.block_on(row_counts(&source));
    let copied = runtime.block_on(row_counts(&backup_path));
    assert_eq!(
        copied.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "the tables"
    );
    for (table, rows) in &copied {
        assert!(
            before[table] <= *rows && *rows <= after[table],
            "{table}: {} before, {rows} in the copy, {} after",
            before[table],
            after[table]
        );
        if before[table] > 0 {
            assert!(*rows > 0, "{table}");
        }
    }
    assert_eq!(
        copied["requests"] - before["requests"],
        (copy_head.0 - before_size) as i64,
        "each request published before the copy is in its log, and no other"
    );
    runtime.block_on(async {
        let copy = open(&DbLocation::Sqlite(backup_path.clone()), &key).await;
        let snapshot = Snapshot::take(&copy, OffsetDateTime::now_utc()).await;
        assert_eq!(snapshot.checkpoint.tree_size, copy_head.0);
        assert_eq!(snapshot.checkpoint.root_hash.to_string(), copy_head.1);
        copy.close().await;
    });
}

#[test]
fn an_existing_file_is_never_overwritten_and_a_missing_database_never_created() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("porchlight.db");
    let key = dir.path().join("porchlight-log.key");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        open(&DbLocation::Sqlite(source.clone()), &key)
            .await
            .close()
            .await
    });
    let backup = |to: &Path| {
        run(&[
            "backup",
            "--db",
            source.to_str().unwrap(),
            "--to",
            to.to_str().unwrap(),
        ])
    };
    for (name, content) in [("old.db", &b"yesterday's backup"[..]), ("empty.db", b"")] {
        let target = dir.path().join(name);
        std::fs::write(&target, content).unwrap();
        let refused = backup(&target);
        assert!(!refused.success, "{}", refused.stdout);
        assert!(
            refused
                .stderr
                .contains(&format!("{} already exists", target.display())),
            "{}",
            refused.stderr
        );
        assert_eq!(std::fs::read(&target).unwrap(), content);
    }
    // The database itself.
    let itself = backup(&source);
    assert!(!itself.success && itself.stderr.contains("already exists"));

    let missing = dir.path().join("missing.db");
    let refused = run(&[
        "backup",
        "--db",
        missing.to_str().unwrap(),
        "--to",
        dir.path().join("new.db").to_str().unwrap(),
    ]);
    assert!(!refused.success);
    assert!(
        refused.stderr.contains("no such SQLite database"),
        "{}",
        refused.stderr
    );
    assert!(!missing.exists() && !dir.path().join("new.db").exists());

    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    names.sort();
    assert!(names.is_empty(), "left behind: {names:?}");
}

#[test]
fn postgresql_is_refused_with_the_way_to_back_it_up() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("pg.db");
    // Nothing listens there: the refusal comes before any connection.
    let refused = run(&[
        "backup",
        "--db",
        "postgres://porchlight:secret@127.0.0.1:9/porchlight",
        "--to",
        to.to_str().unwrap(),
    ]);
    assert!(!refused.success);
    assert!(refused.stderr.contains("pg_dump -Fc"), "{}", refused.stderr);
    assert!(refused.stderr.contains("pg_restore"), "{}", refused.stderr);
    assert!(!refused.stderr.contains("secret"), "{}", refused.stderr);
    assert!(!to.exists());
}

/// A PostgreSQL client tool: on PATH, else in the newest `/usr/lib/postgresql/*/bin`
/// (where `scripts/pg-cluster.sh` finds the server's).
fn pg_tool(name: &str) -> PathBuf {
    let on_path = Command::new(name)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return PathBuf::from(name);
    }
    let mut found: Vec<(f64, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<f64>().ok()?;
            let tool = e.path().join("bin").join(name);
            tool.is_file().then_some((version, tool))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found.pop().map(|(_, tool)| tool).unwrap_or_else(|| {
        panic!("{name} is neither on PATH nor in /usr/lib/postgresql/*/bin (scripts/setup.sh)")
    })
}

fn run_tool(tool: &Path, args: &[&str]) {
    let output = Command::new(tool).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{} {args:?}: {}",
        tool.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The README's PostgreSQL backup, step by step: `pg_dump -Fc` of a deployment,
/// `pg_restore` into an empty database as its owner, `store grant`; the restored
/// database is the same deployment (its log audited against the original's) and goes
/// on from where it stopped.
#[tokio::test]
#[ignore = "needs PostgreSQL (PORCHLIGHT_TEST_POSTGRES); scripts/test.sh runs it"]
async fn a_pg_dump_restored_by_its_owner_is_the_same_deployment() {
    use crate::pg_database::{admin_url, as_admin, as_user, unique_name, with_database};
    use crate::same_deployment::{assert_copy_continues, assert_same_deployment};

    let dir = tempfile::tempdir().unwrap();
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let (owner, app_role) = (
        unique_name("porchlight_owner"),
        unique_name("porchlight_app"),
    );
    let (dumped, restored) = (
        unique_name("porchlight_dumped"),
        unique_name("porchlight_restored"),
    );
    as_admin(
        None,
        &[
            format!("CREATE ROLE {owner} LOGIN"),
            format!("CREATE ROLE {app_role} LOGIN"),
            format!("CREATE DATABASE {dumped} OWNER {owner}"),
            format!("CREATE DATABASE {restored} OWNER {owner}"),
        ],
    )
    .await;
    for database in [&dumped, &restored] {
        as_admin(
            Some(database),
            &[
                format!("ALTER SCHEMA public OWNER TO {owner}"),
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC".into(),
            ],
        )
        .await;
    }
    let url = |database: &str| as_user(&with_database(&admin_url(), database), &owner);
    let (source_url, restored_url) = (url(&dumped), url(&restored));
    let source = DbLocation::Postgres(source_url.clone());
    let key = dir.path().join("porchlight-log.key");
    let seeded = seed(&source, &key, now).await;

    let dump = dir.path().join("porchlight.dump");
    let dump = dump.to_str().unwrap();
    run_tool(
        &pg_tool("pg_dump"),
        &["-Fc", "--file", dump, source_url.as_str()],
    );
    run_tool(
        &pg_tool("pg_restore"),
        &[
            "--exit-on-error",
            "--single-transaction",
            "--no-owner",
            "--no-privileges",
            "--dbname",
            restored_url.as_str(),
            dump,
        ],
    );
    let grant = run(&[
        "store",
        "grant",
        "--db",
        restored_url.as_str(),
        "--role",
        app_role.as_str(),
    ]);
    assert!(grant.success, "store grant: {}", grant.stderr);

    let restored_location = DbLocation::Postgres(restored_url);
    assert_same_deployment(&source, &restored_location, &key, &seeded, now).await;
    assert_copy_continues(&restored_location, &key).await;

    // The servers' role, granted on the restored database, serves it without migrating.
    let app_url = as_user(&with_database(&admin_url(), &restored), &app_role);
    let server_db = porchlight_server::Db::open_with_options(
        DbLocation::Postgres(app_url),
        &key,
        &porchlight_server::db::StoreOptions::no_migrate(),
    )
    .await
    .expect("the servers' role opens the restored database");
    let audited = audit_over_http(&server_db, None, None).await;
    assert_eq!(
        audited.checkpoint,
        server_db.log_checkpoint().await.unwrap(),
        "the restored log, audited through the servers' role"
    );
    server_db.close().await;
}
