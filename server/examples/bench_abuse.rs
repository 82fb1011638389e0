//! Load generator of `scripts/bench-abuse.sh` (issue 18): a flood of registrations and
//! failed sign-ins from many client addresses while another client reads the feed.
//!
//! The addresses are simulated through `X-Forwarded-For`, which the server under test
//! trusts (`--trusted-proxy-header X-Forwarded-For`), as it would behind HAProxy; they
//! are taken from 198.18.0.0/15, the range set aside for benchmarks (RFC 2544).
//!
//! 1. The reader alone: the feed, one request every `--feed-interval-ms`, for
//!    `--baseline-seconds` (after two unmeasured seconds): the unloaded latencies.
//! 2. The flood and the reader together: each address sends its share of the
//!    registrations and failed sign-ins, spread evenly over `--seconds`, on a
//!    keep-alive connection of its own; the reader goes on as before: the loaded
//!    latencies, measured in the same run on the same server.
//! 3. The reader alone again, as long as the first time: how much the machine itself
//!    varies between the phases.
//! 4. The answers counted by status and error code, the p99s and the ratio of the
//!    loaded to the first unloaded one, and whether the server still answers.
//!
//! Written in Rust with blocking `ureq` (already the server's HTTP client) and a thread
//! per address rather than wrk: the run mixes three kinds of client with their own
//! schedules and needs each answer's error code, which wrk's Lua hooks make awkward; and
//! wrk is not installed on the build machines.
//!
//! `cargo run --release -p porchlight-server --example bench_abuse -- --url http://127.0.0.1:8080`

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use clap::Parser;

#[derive(Debug, Parser)]
struct Args {
    /// The server's base URL (it must trust X-Forwarded-For).
    #[arg(long)]
    url: String,
    /// Simulated client addresses.
    #[arg(long, default_value_t = 50)]
    addresses: usize,
    /// Registrations in all.
    #[arg(long, default_value_t = 1_000)]
    registrations: usize,
    /// Failed sign-ins in all.
    #[arg(long, default_value_t = 10_000)]
    sign_ins: usize,
    /// Over how many seconds the flood is spread (it must end within a minute).
    #[arg(long, default_value_t = 50)]
    seconds: u64,
    /// How long the reader reads alone first.
    #[arg(long, default_value_t = 20)]
    baseline_seconds: u64,
    /// The reader's pace.
    #[arg(long, default_value_t = 20)]
    feed_interval_ms: u64,
}

/// Accounts of the demo data: a quarter of the failed sign-ins aim at them, the rest at
/// emails that exist nowhere (credential stuffing).
const DEMO_ACCOUNTS: [&str; 4] = [
    "officer@porchlight.test",
    "resident@porchlight.test",
    "moderator@porchlight.test",
    "admin@porchlight.test",
];

/// Views of the demo's neighbourhoods, as the map asks for them (1280×800 px around
/// Portland at zoom 12–14), read in turn.
fn feed_paths() -> Vec<String> {
    let mut paths = Vec::new();
    for (i, zoom) in [12.0f64, 13.0, 14.0].iter().enumerate() {
        for j in 0..8 {
            let lat = 45.5152 + (j as f64 - 3.5) * 0.01;
            let lng = -122.6784 + (i as f64 - 1.0) * 0.02 + (j % 3) as f64 * 0.01;
            let deg_per_px = 360.0 / (256.0 * 2f64.powf(*zoom));
            let (half_w, half_h) = (
                640.0 * deg_per_px,
                400.0 * deg_per_px * lat.to_radians().cos(),
            );
            paths.push(format!(
                "/api/v1/requests?limit=50&bbox={:.5},{:.5},{:.5},{:.5}",
                lng - half_w,
                lat - half_h,
                lng + half_w,
                lat + half_h
            ));
        }
    }
    paths
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// One answer, as counted: `201`, `401`, `429 rate_limited`, `503 busy`, `error: …`.
fn classify(answer: Result<(u16, String), ureq::Error>) -> String {
    match answer {
        Ok((status, body)) if status >= 400 => {
            let code = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
                .unwrap_or_default();
            format!("{status} {code}")
        }
        Ok((status, _)) => status.to_string(),
        Err(err) => format!("error: {err}"),
    }
}

fn post_json(
    agent: &ureq::Agent,
    url: &str,
    address: &str,
    body: &serde_json::Value,
) -> Result<(u16, String), ureq::Error> {
    let mut response = agent
        .post(url)
        .header("Content-Type", "application/json")
        .header("X-Forwarded-For", address)
        .send(body.to_string())?;
    let status = response.status().as_u16();
    Ok((status, response.body_mut().read_to_string()?))
}

/// Reads the feed every `interval` until `stop`, recording each answer's latency (ms).
fn read_feed(
    base: &str,
    paths: &[String],
    interval: Duration,
    until: Instant,
) -> (Vec<f64>, usize) {
    let agent = agent();
    let (mut latencies, mut failures) = (Vec::new(), 0);
    let mut next = Instant::now();
    let mut i = 0;
    while next < until {
        if let Some(wait) = next.checked_duration_since(Instant::now()) {
            thread::sleep(wait);
        }
        let started = Instant::now();
        let answer = agent
            .get(format!("{base}{}", paths[i % paths.len()]))
            .call()
            .and_then(|mut r| Ok((r.status().as_u16(), r.body_mut().read_to_string()?)));
        let took = started.elapsed().as_secs_f64() * 1000.0;
        match answer {
            Ok((200, _)) => latencies.push(took),
            _ => failures += 1,
        }
        i += 1;
        next += interval;
    }
    (latencies, failures)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn summary(latencies: &mut [f64]) -> (f64, f64, f64) {
    latencies.sort_by(|a, b| a.total_cmp(b));
    (
        percentile(latencies, 50.0),
        percentile(latencies, 99.0),
        latencies.last().copied().unwrap_or(f64::NAN),
    )
}

fn main() {
    let args = Args::parse();
    let base = args.url.trim_end_matches('/').to_owned();
    let paths = feed_paths();
    let interval = Duration::from_millis(args.feed_interval_ms);
    let run = std::process::id();

    // 1. The reader alone (two seconds unmeasured first).
    let warm = Instant::now() + Duration::from_secs(2);
    read_feed(&base, &paths, interval, warm);
    let (mut unloaded, unloaded_failures) = read_feed(
        &base,
        &paths,
        interval,
        Instant::now() + Duration::from_secs(args.baseline_seconds),
    );

    // 2. The flood, and the reader beside it.
    let addresses = args.addresses;
    let counts: Arc<Mutex<BTreeMap<(&'static str, String), usize>>> = Arc::default();
    let span = Duration::from_secs(args.seconds);
    let started = Instant::now();
    let reader = {
        let (base, paths) = (base.clone(), paths.clone());
        thread::spawn(move || read_feed(&base, &paths, interval, started + span))
    };
    let attackers: Vec<_> = (0..addresses)
        .map(|a| {
            let (base, counts) = (base.clone(), counts.clone());
            // This address's share, the remainders going to the first addresses.
            let share = |total: usize| total / addresses + usize::from(a < total % addresses);
            let (registrations, sign_ins) = (share(args.registrations), share(args.sign_ins));
            let address = format!("198.18.{}.{}", a / 250, a % 250 + 1);
            thread::spawn(move || {
                let agent = agent();
                let total = registrations + sign_ins;
                if total == 0 {
                    return;
                }
                let step = span.as_secs_f64() / total as f64;
                // Addresses start staggered, so the flood is even rather than in waves.
                let offset = step * a as f64 / addresses as f64;
                for k in 0..total {
                    let at = started + Duration::from_secs_f64(offset + step * k as f64);
                    if let Some(wait) = at.checked_duration_since(Instant::now()) {
                        thread::sleep(wait);
                    }
                    // The registrations spread among the sign-ins.
                    let register = k * registrations / total != (k + 1) * registrations / total;
                    let (kind, answer) = if register {
                        let body = serde_json::json!({
                            "email": format!("flood-{run}-{a}-{k}@bench.test"),
                            "password": "a bench password, long enough",
                            "display_name": format!("Flood {a} {k}"),
                        });
                        let url = format!("{base}/api/v1/auth/register");
                        ("register", post_json(&agent, &url, &address, &body))
                    } else {
                        let email = if k % 4 == 0 {
                            DEMO_ACCOUNTS[(a + k) % DEMO_ACCOUNTS.len()].to_owned()
                        } else {
                            format!("stuffed-{run}-{a}-{k}@bench.test")
                        };
                        let body =
                            serde_json::json!({"email": email, "password": "wrong-guess-1234"});
                        let url = format!("{base}/api/v1/auth/login");
                        ("sign-in", post_json(&agent, &url, &address, &body))
                    };
                    *counts
                        .lock()
                        .expect("counts")
                        .entry((kind, classify(answer)))
                        .or_default() += 1;
                }
            })
        })
        .collect();
    for attacker in attackers {
        attacker.join().expect("an attacking thread panicked");
    }
    let flood_took = started.elapsed();
    let (mut loaded, loaded_failures) = reader.join().expect("the reader panicked");
    // 2b. The reader alone again: how much the machine itself varies (other jobs,
    // idle cores waking up) shows in how far this is from the first baseline.
    let (mut after, _) = read_feed(
        &base,
        &paths,
        interval,
        Instant::now() + Duration::from_secs(args.baseline_seconds),
    );

    // 3. What happened.
    let counts = counts.lock().expect("counts").clone();
    println!(
        "flood: {} registrations and {} failed sign-ins from {} addresses, sent in {:.1} s",
        args.registrations,
        args.sign_ins,
        args.addresses,
        flood_took.as_secs_f64()
    );
    println!("  {:<9} {:<28} {:>7}", "request", "answer", "count");
    let mut limited = 0;
    for ((kind, answer), n) in &counts {
        println!("  {kind:<9} {answer:<28} {n:>7}");
        if answer.starts_with("429") {
            limited += n;
        }
    }
    let sent: usize = counts.values().sum();
    println!("answered 429: {limited} of {sent}");
    let (u50, u99, umax) = summary(&mut unloaded);
    let (l50, l99, lmax) = summary(&mut loaded);
    println!(
        "feed, other client, unloaded: {} reads, p50 {u50:.2} ms, p99 {u99:.2} ms, max {umax:.2} ms, {unloaded_failures} failed",
        unloaded.len()
    );
    println!(
        "feed, other client, under the flood: {} reads, p50 {l50:.2} ms, p99 {l99:.2} ms, max {lmax:.2} ms, {loaded_failures} failed",
        loaded.len()
    );
    let (a50, a99, _) = summary(&mut after);
    println!(
        "feed, other client, unloaded again after the flood: {} reads, p50 {a50:.2} ms, p99 {a99:.2} ms",
        after.len()
    );
    let ratio = l99 / u99;
    println!(
        "feed p99 ratio (under the flood / unloaded): {ratio:.2}x (goal <= 2x: {})",
        if ratio <= 2.0 { "met" } else { "MISSED" }
    );
    let within_a_minute = flood_took <= Duration::from_secs(60);
    println!(
        "flood within a minute: {}",
        if within_a_minute { "yes" } else { "NO" }
    );
    let health = agent()
        .get(format!("{base}/api/v1/health"))
        .call()
        .map(|r| r.status().as_u16());
    match health {
        Ok(200) => println!("server alive afterwards: GET /api/v1/health answered 200"),
        other => {
            println!("server NOT alive afterwards: GET /api/v1/health: {other:?}");
            std::process::exit(1);
        }
    }
}
