//! Two `porchlight-server` instances on one PostgreSQL database, sharing one log key,
//! behind HAProxy running `deploy/haproxy.cfg`: the deployment the README describes.
//! Publishing is sequenced in the database, so whichever instance takes a post, the
//! case limit holds, the public log stays one append-only tree with a signed checkpoint
//! per post, and an instance that crashes loses nothing it confirmed.
//!
//! Needs `PORCHLIGHT_TEST_POSTGRES` (scripts/test.sh starts a throwaway cluster) and
//! HAProxy: `cargo test -p porchlight-e2e --test instances`.

use std::collections::BTreeSet;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

use porchlight_domain::public_log::{verify_extension, verify_request, LogHash, LogSignature};
use porchlight_domain::wire::{
    ConsistencyProof, InclusionProof, LogKey, PublishedRequest, SignedCheckpoint,
};
use porchlight_e2e::demo::{DEMO_PASSWORD, OFFICER};
use porchlight_e2e::posting::post_a_drawn_polygon;
use porchlight_e2e::{
    http_request, valid_draft, Api, Balancer, Browser, BrowserAt, ChromeDriver, HarnessError,
    HttpResponse, Result, Server, ServerOptions, TestDatabase, Viewport,
};
use sqlx::Row;
use tempfile::TempDir;

/// The request line HAProxy logs for a post.
const POST_REQUEST: &str = "POST /api/v1/requests ";

/// The README's deployment on a fresh database: migrated by its owner, the servers'
/// role granted what it needs, one log key made beforehand, two instances as that role
/// without migrating, and HAProxy in front.
struct Deployment {
    // Dropped in this order: the balancer, the instances, then the database (which
    // drops with whatever connections are left).
    balancer: Balancer,
    instances: [Server; 2],
    /// The public half of the log key both instances sign with.
    log_key: String,
    _key_dir: TempDir,
    db: TestDatabase,
}

impl Deployment {
    async fn start(what: &str) -> Result<Self> {
        let db = TestDatabase::create_with_roles(what).await?;
        let roles = db.roles().expect("made with roles").clone();
        let owner = db.url_as(&roles.owner);
        porchlight(&["store", "migrate", "--db", &owner])?;
        porchlight(&["store", "grant", "--db", &owner, "--role", &roles.servers])?;
        let key_dir = tempfile::tempdir()?;
        let key_file = key_dir.path().join("porchlight-log.key");
        let key_arg = key_file.to_str().expect("a temporary path is UTF-8");
        let log_key = porchlight(&["log-key", "--log-key", key_arg])?
            .trim()
            .to_owned();
        let servers = db.url_as(&roles.servers);
        let on_db = || {
            ServerOptions::new()
                .postgres(&servers)
                .log_key(&key_file)
                .arg("--no-migrate")
                // Publishing across instances is what these tests measure (bursts
                // answered 201, the log's sequencer); review has its own store tests on
                // PostgreSQL and its own flows in tests/moderation.rs.
                .args(["--review", "off"])
                // As the README deploys them behind deploy/haproxy.cfg: the client's
                // address is the one HAProxy writes in X-Forwarded-For.
                .args(["--trusted-proxy-header", "X-Forwarded-For"])
                // The bursts post 220 requests from this one machine within seconds,
                // past the default 60 an hour per address (the limits have their own
                // test below, at their defaults).
                .args(["--post-limit-per-address", "1000/1h"])
        };
        // One after the other: the first records the log's key and seeds the demo
        // agencies and accounts; the second finds both.
        let first = Server::start(&on_db().demo())?;
        let second = Server::start(&on_db())?;
        let balancer = Balancer::start([first.addr(), second.addr()])?;
        for instance in [&first, &second] {
            let key: LogKey = Api::new(instance.url()).get_json("/api/v1/log/key")?;
            assert_eq!(
                key.public_key.to_string(),
                log_key,
                "{} signs with another key",
                instance.url()
            );
        }
        Ok(Self {
            balancer,
            instances: [first, second],
            log_key,
            _key_dir: key_dir,
            db,
        })
    }

    /// The officer's session through the balancer, and the same session straight on
    /// each instance: posts sent round these three reach both instances at once
    /// whatever HAProxy decides.
    fn officer_routes(&self) -> Result<[Api; 3]> {
        let officer = Api::sign_in(self.balancer.url(), OFFICER, DEMO_PASSWORD)?;
        let first = officer.at(self.instances[0].url());
        let second = officer.at(self.instances[1].url());
        Ok([officer, first, second])
    }
}

/// Runs `porchlight-server ARGS…` to the end; it must succeed. Returns its stdout.
fn porchlight(args: &[&str]) -> Result<String> {
    let output = run(server_command().args(args))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(HarnessError::new(format!(
            "porchlight-server {}: {}\n{stdout}\n{}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok(stdout)
}

/// The server binary with no `PORCHLIGHT_*` variable from the developer's shell.
fn server_command() -> Command {
    let mut cmd = Command::new(Server::binary());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PORCHLIGHT_") {
            cmd.env_remove(&key);
        }
    }
    cmd
}

/// Runs the server binary to the end, saying which binary when it cannot start.
fn run(cmd: &mut Command) -> Result<std::process::Output> {
    cmd.output().map_err(|e| {
        HarnessError::new(format!(
            "could not run {}: {e}\nBuild it with `cargo build -p porchlight-server`, or point \
             PORCHLIGHT_SERVER_BIN at it.",
            Server::binary().display()
        ))
    })
}

/// `porchlight-server audit --url URL` must pass and count `entries` entries.
fn audit_passes(url: &str, entries: u64) -> Result<()> {
    let output = run(server_command().args(["audit", "--url", url]))?;
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the audit through {url} failed:\n{report}"
    );
    assert!(
        report.contains(&format!("audit passed: {entries} entries")),
        "{report}"
    );
    Ok(())
}

/// A draft for case `case_number`, its square placed by `i` so no two overlap.
fn draft(case_number: &str, i: usize) -> serde_json::Value {
    let (col, row) = ((i % 20) as f64, (i / 20) as f64);
    valid_draft(case_number, -122.72 + col * 0.005, 45.48 + row * 0.005)
}

/// Posts every draft at the same moment (one thread each, released together), the
/// `i`-th through `routes[i % 3]`, and returns the answers in draft order.
fn post_all_at_once(
    routes: &[Api; 3],
    drafts: Vec<serde_json::Value>,
) -> Result<Vec<HttpResponse>> {
    let start = Barrier::new(drafts.len());
    let answers: Vec<Result<HttpResponse>> = std::thread::scope(|scope| {
        let posts: Vec<_> = drafts
            .iter()
            .enumerate()
            .map(|(i, draft)| {
                let (start, route) = (&start, &routes[i % routes.len()]);
                scope.spawn(move || {
                    start.wait();
                    route.post("/api/v1/requests", draft)
                })
            })
            .collect();
        posts
            .into_iter()
            .map(|post| post.join().expect("a posting thread panicked"))
            .collect()
    });
    answers.into_iter().collect()
}

/// The consistency proof between each checkpoint and the next, the `i`-th asked of
/// `routes[i % len]`. From the empty log there is nothing to prove (and the API asks
/// for `from` ≥ 1): an empty proof stands in.
fn fetch_consistency_proofs(
    routes: &[Api],
    checkpoints: &[SignedCheckpoint],
) -> Result<Vec<ConsistencyProof>> {
    let pairs: Vec<(usize, u64, u64)> = checkpoints
        .windows(2)
        .enumerate()
        .map(|(i, w)| (i, w[0].tree_size, w[1].tree_size))
        .collect();
    let chunks: Vec<Result<Vec<ConsistencyProof>>> = std::thread::scope(|scope| {
        let fetchers: Vec<_> = pairs
            .chunks(pairs.len().div_ceil(8).max(1))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|&(i, from, to)| match from {
                            0 => Ok(ConsistencyProof {
                                from,
                                to,
                                proof: Vec::new(),
                            }),
                            _ => routes[i % routes.len()].get_json(&format!(
                                "/api/v1/log/proof/consistency?from={from}&to={to}"
                            )),
                        })
                        .collect()
                })
            })
            .collect();
        fetchers
            .into_iter()
            .map(|f| f.join().expect("a proof-fetching thread panicked"))
            .collect()
    });
    Ok(chunks
        .into_iter()
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect())
}

fn created_id(answer: &HttpResponse) -> Result<i64> {
    answer.json()?["id"]
        .as_i64()
        .ok_or_else(|| HarnessError::new(format!("no id in {}", answer.body)))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads every stored checkpoint from the database and checks the chain as an auditor
/// who kept each one would: from the empty log up to the served checkpoint, each signed
/// by the log's key, timestamps never going back, and each consistent with the one
/// before by the proof served (asked of each route in turn). From `one_per_post_from`
/// on, the test's own posts were appended one each, so every tree size has its
/// checkpoint (the demo seed appends its requests in one go). Returns how many there were.
async fn every_checkpoint_extends_the_one_before(
    deployment: &Deployment,
    routes: &[Api],
    one_per_post_from: u64,
) -> Result<usize> {
    let key: LogKey = routes[0].get_json("/api/v1/log/key")?;
    let served: SignedCheckpoint = routes[0].get_json("/api/v1/log/checkpoint")?;
    let mut conn = deployment.db.connect().await?;
    let rows = sqlx::query("SELECT tree_size, root_hash, timestamp_ms, signature FROM log_checkpoints ORDER BY tree_size")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| HarnessError::new(format!("reading log_checkpoints: {e}")))?;
    let mut stored = Vec::with_capacity(rows.len());
    for row in rows {
        let decode = |e: sqlx::Error| HarnessError::new(format!("a log_checkpoints row: {e}"));
        let root: Vec<u8> = row.try_get("root_hash").map_err(decode)?;
        let signature: Vec<u8> = row.try_get("signature").map_err(decode)?;
        stored.push(SignedCheckpoint {
            tree_size: row.try_get::<i64, _>("tree_size").map_err(decode)? as u64,
            root_hash: LogHash(
                root.try_into()
                    .map_err(|_| HarnessError::new("a root hash is not 32 bytes"))?,
            ),
            timestamp_ms: row.try_get::<i64, _>("timestamp_ms").map_err(decode)? as u64,
            signature: hex(&signature)
                .parse::<LogSignature>()
                .map_err(|_| HarnessError::new("a signature is not 64 bytes"))?,
        });
    }
    let sizes: Vec<u64> = stored.iter().map(|c| c.tree_size).collect();
    assert_eq!(
        sizes.first(),
        Some(&0),
        "the empty log's checkpoint comes first: {sizes:?}"
    );
    let ours: Vec<u64> = sizes
        .iter()
        .copied()
        .filter(|&size| size >= one_per_post_from)
        .collect();
    assert_eq!(
        ours,
        (one_per_post_from..=served.tree_size).collect::<Vec<_>>(),
        "one checkpoint per post"
    );
    assert_eq!(
        stored.last(),
        Some(&served),
        "the served checkpoint is the newest stored one"
    );
    // The proofs are fetched eight at a time (it is the slow part), then checked in order.
    let proofs = fetch_consistency_proofs(routes, &stored)?;
    for (pair, proof) in stored.windows(2).zip(&proofs) {
        let (old, new) = (&pair[0], &pair[1]);
        assert!(
            new.timestamp_ms >= old.timestamp_ms,
            "checkpoint {} is signed at {} ms, before checkpoint {} ({} ms)",
            new.tree_size,
            new.timestamp_ms,
            old.tree_size,
            old.timestamp_ms
        );
        verify_extension(old, new, &key.public_key, proof).map_err(|e| {
            HarnessError::new(format!(
                "checkpoint {} does not extend {}: {e}",
                new.tree_size, old.tree_size
            ))
        })?;
    }
    Ok(stored.len())
}

/// The posting flow of `post_request.rs`, in real Chromium, through the balancer: the
/// sign-in, the page loads and the post land on either instance, and the session and
/// the request are the database's, not an instance's.
#[tokio::test]
async fn an_officer_posts_through_the_balancer_and_the_agency_profile_lists_it() -> Result<()> {
    let deployment = Deployment::start("browser").await?;
    let driver = ChromeDriver::start()?;
    let browser = Browser::start(&driver, Viewport::DESKTOP).await?;
    let site = BrowserAt {
        browser: &browser,
        base_url: deployment.balancer.url(),
    };
    post_a_drawn_polygon(&site, "balanced-1280x800").await?;
    let posts = deployment.balancer.wait_for_logged(POST_REQUEST, 1)?;
    assert_eq!(posts.values().sum::<usize>(), 1, "{posts:?}");
    // Round robin spread the app's API calls over both instances.
    let api_calls = deployment.balancer.served_by("GET /api/v1/");
    for instance in ["instance1", "instance2"] {
        assert!(
            api_calls.get(instance).copied().unwrap_or(0) > 0,
            "{instance} answered no API call: {api_calls:?}"
        );
    }
    let panics = browser.assert_no_panics().await;
    browser.close().await?;
    panics
}

/// The request line HAProxy logs for a registration.
const REGISTER_REQUEST: &str = "POST /api/v1/auth/register ";

/// Registrations through the balancer reach both instances and count against one limit
/// in the database: at the default 10 an hour per address, the eleventh is refused
/// with 429 and `Retry-After`. Each claims another address in `X-Forwarded-For`;
/// HAProxy replaces the header with the address it sees, so that changes nothing.
#[tokio::test]
async fn registrations_through_the_balancer_share_one_limit_whatever_the_client_claims(
) -> Result<()> {
    let deployment = Deployment::start("limits").await?;
    let url = format!("{}/api/v1/auth/register", deployment.balancer.url());
    let register = |n: usize| {
        let body = serde_json::json!({
            "email": format!("limited-{n}@example.org"),
            "password": "correct horse battery",
            "display_name": format!("Limited {n}"),
        });
        let spoofed = format!("203.0.113.{n}");
        http_request(
            "POST",
            &url,
            &[
                ("Content-Type", "application/json"),
                ("X-Forwarded-For", &spoofed),
            ],
            Some(&body.to_string()),
        )
    };
    for n in 1..=10 {
        let answer = register(n)?;
        assert_eq!(answer.status, 201, "registration {n}: {}", answer.body);
    }
    let refused = register(11)?;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert_eq!(refused.json()?["error"]["code"], "rate_limited");
    let wait: u64 = refused
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| HarnessError::new(format!("no Retry-After: {refused:?}")))?;
    assert!((1..=7200).contains(&wait), "Retry-After: {wait}");
    let served = deployment.balancer.wait_for_logged(REGISTER_REQUEST, 11)?;
    for instance in ["instance1", "instance2"] {
        assert!(
            served.get(instance).copied().unwrap_or(0) >= 4,
            "{instance} took too few registrations: {served:?}"
        );
    }
    Ok(())
}

/// Both instances publish at the same moment: 20 posts of one case number publish
/// exactly 2; 200 of distinct case numbers publish 200, and the log grows by exactly
/// 200 entries in one consistent chain of checkpoints that an outside audit accepts.
#[tokio::test]
async fn concurrent_posts_on_both_instances_keep_the_case_limit_and_one_log() -> Result<()> {
    let deployment = Deployment::start("burst").await?;
    let routes = deployment.officer_routes()?;
    let seeded: SignedCheckpoint = routes[0].get_json("/api/v1/log/checkpoint")?;

    let answers = post_all_at_once(&routes, (0..20).map(|i| draft("26-RACE-1", i)).collect())?;
    let created = answers.iter().filter(|a| a.status == 201).count();
    assert_eq!(
        created,
        2,
        "20 posts of one case: {:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    for refused in answers.iter().filter(|a| a.status != 201) {
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert_eq!(
            refused.json()?["error"]["code"],
            "case_limit_reached",
            "{}",
            refused.body
        );
    }

    let before: SignedCheckpoint = routes[0].get_json("/api/v1/log/checkpoint")?;
    let started = Instant::now();
    let answers = post_all_at_once(
        &routes,
        (0..200)
            .map(|i| draft(&format!("26-BURST-{i}"), i))
            .collect(),
    )?;
    let burst = started.elapsed();
    let failed: Vec<_> = answers
        .iter()
        .filter(|a| a.status != 201)
        .map(|a| (a.status, &a.body))
        .collect();
    assert!(
        failed.is_empty(),
        "{} of 200 posts failed: {failed:?}",
        failed.len()
    );
    let ids: BTreeSet<i64> = answers.iter().map(created_id).collect::<Result<_>>()?;
    assert_eq!(ids.len(), 200, "200 distinct requests");
    let after: SignedCheckpoint = routes[0].get_json("/api/v1/log/checkpoint")?;
    assert_eq!(
        after.tree_size,
        before.tree_size + 200,
        "the log grew by one entry per post"
    );

    // Through the balancer, round robin gave both instances their share of the posts.
    let through_balancer = (0..20).step_by(3).count() + (0..200).step_by(3).count();
    let served = deployment
        .balancer
        .wait_for_logged(POST_REQUEST, through_balancer)?;
    for instance in ["instance1", "instance2"] {
        let n = served.get(instance).copied().unwrap_or(0);
        assert!(
            n * 4 >= through_balancer,
            "{instance} took {n} of {through_balancer} posts: {served:?}"
        );
    }

    audit_passes(deployment.balancer.url(), after.tree_size)?;
    let checkpoints =
        every_checkpoint_extends_the_one_before(&deployment, &routes, seeded.tree_size).await?;
    eprintln!(
        "200 concurrent posts in {:.1} s; {checkpoints} checkpoints verified; posts through the balancer: {served:?}",
        burst.as_secs_f64()
    );
    Ok(())
}

/// One instance is killed with SIGKILL while posts stream in through the balancer:
/// the other goes on publishing, and every post that was answered 201 is there
/// afterwards, readable and included in the signed log. A post cut off by the kill
/// gets 502 (its outcome unknown to the client, never replayed by HAProxy).
#[tokio::test]
async fn an_instance_killed_mid_burst_loses_no_published_request() -> Result<()> {
    const POSTS: usize = 120;
    const WORKERS: usize = 8;
    const KILL_AFTER: usize = 30;
    let mut deployment = Deployment::start("crash").await?;
    let routes = deployment.officer_routes()?;
    let officer = &routes[0];
    let seeded: SignedCheckpoint = officer.get_json("/api/v1/log/checkpoint")?;

    let next = AtomicUsize::new(0);
    let answered = AtomicUsize::new(0);
    let killed = AtomicBool::new(false);
    // (case number, answer, whether the kill came before the post was sent)
    let results = Mutex::new(Vec::new());
    let victim = &mut deployment.instances[0];
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= POSTS {
                    break;
                }
                let case = format!("26-CRASH-{i}");
                let after_kill = killed.load(Ordering::SeqCst);
                let answer = officer.post("/api/v1/requests", &draft(&case, i));
                results
                    .lock()
                    .expect("results lock")
                    .push((case, answer, after_kill));
                answered.fetch_add(1, Ordering::SeqCst);
            });
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while answered.load(Ordering::SeqCst) < KILL_AFTER && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(2));
        }
        victim.kill();
        killed.store(true, Ordering::SeqCst);
    });
    assert!(
        !deployment.instances[0].is_running(),
        "instance 1 was killed"
    );

    let results = results.into_inner().expect("results lock");
    let mut published = Vec::new();
    let (mut cut_off, mut after_kill_ok) = (0, 0);
    for (case, answer, after_kill) in results {
        let answer = answer.map_err(|e| e.context(format!("posting {case}")))?;
        match answer.status {
            201 => {
                published.push((case, created_id(&answer)?));
                after_kill_ok += usize::from(after_kill);
            }
            502 => cut_off += 1,
            other => panic!("posting {case}: {other} {}", answer.body),
        }
    }
    assert!(
        after_kill_ok > 0,
        "no post sent after the kill was published"
    );
    assert!(
        cut_off <= WORKERS,
        "{cut_off} posts cut off: more than were in flight at the kill"
    );

    // Once HAProxy's checks see it, the dead instance is out, and posts still go through.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !deployment.balancer.log().contains("instance1 is DOWN") {
        assert!(
            Instant::now() < deadline,
            "HAProxy never marked instance1 down:\n{}",
            deployment.balancer.log()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    for i in POSTS..POSTS + 10 {
        let case = format!("26-CRASH-{i}");
        let answer = officer.post("/api/v1/requests", &draft(&case, i))?;
        assert_eq!(
            answer.status, 201,
            "{case} after instance 1 is down: {}",
            answer.body
        );
        published.push((case, created_id(&answer)?));
    }

    let key: LogKey = officer.get_json("/api/v1/log/key")?;
    assert_eq!(key.public_key.to_string(), deployment.log_key);
    let checkpoint: SignedCheckpoint = officer.get_json("/api/v1/log/checkpoint")?;
    for (case, id) in &published {
        let request: PublishedRequest = officer.get_json(&format!("/api/v1/requests/{id}"))?;
        assert_eq!(&request.case_number, case, "request {id}");
        let index = request
            .log_index
            .ok_or_else(|| HarnessError::new(format!("request {id} is not in the log")))?;
        let proof: InclusionProof = officer.get_json(&format!(
            "/api/v1/log/proof/inclusion?index={index}&tree_size={}",
            checkpoint.tree_size
        ))?;
        verify_request(&request, &checkpoint, &key.public_key, &proof, None).map_err(|e| {
            HarnessError::new(format!("request {id} ({case}) against the log: {e}"))
        })?;
    }

    audit_passes(deployment.balancer.url(), checkpoint.tree_size)?;
    let survivor = officer.at(deployment.instances[1].url());
    every_checkpoint_extends_the_one_before(
        &deployment,
        &[officer.clone(), survivor],
        seeded.tree_size,
    )
    .await?;
    eprintln!(
        "{} posts published ({after_kill_ok} sent after the kill), {cut_off} cut off by the kill",
        published.len()
    );
    Ok(())
}
