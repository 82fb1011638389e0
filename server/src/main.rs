//! `porchlight-server`: parses the configuration, opens the database, serves.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::Parser;
use porchlight_domain::wire::Role;
use porchlight_server::config::{
    AuditArgs, Cli, Command, LogKeyArgs, SeedArgs, ServeArgs, StoreCommand, UserAddArgs,
    UserCommand,
};
use porchlight_server::{app, AppState, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    // Logs go to stderr: stdout carries only the "listening on" line that tools read.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx::postgres::notice=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match Cli::parse().into_command() {
        Command::Serve(args) => serve(args).await,
        Command::User(UserCommand::Add(args)) => user_add(args).await,
        Command::Audit(args) => audit(args).await,
        Command::LogKey(args) => log_key(args),
        Command::Seed(args) => seed(args).await,
        Command::Store(StoreCommand::Copy(args)) => {
            porchlight_server::store_tools::copy(args).await
        }
        Command::Store(StoreCommand::Migrate(args)) => {
            porchlight_server::store_tools::migrate(args).await
        }
        Command::Store(StoreCommand::Grant(args)) => {
            porchlight_server::store_tools::grant(args).await
        }
        Command::Backup(args) => porchlight_server::backup::backup(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("porchlight-server: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), Box<dyn std::error::Error>> {
    let db = args
        .database
        .open()
        .await?
        .with_request_cache_bytes(args.request_cache_mib.saturating_mul(1 << 20));
    tracing::info!(public_key = %db.log_signer().public_key(), "public log");
    if args.demo {
        let seeded = porchlight_server::demo::seed(&db, time::OffsetDateTime::now_utc()).await?;
        tracing::info!(seeded, "demo data");
    }
    let state = AppState::try_new(db.clone(), Config::from(&args))?;
    let config = &state.config;
    tracing::info!(
        client_address = %config
            .proxy
            .header
            .as_ref()
            .map_or("the connection's peer".to_owned(), |h| format!(
                "{h} ({} from the right)",
                config.proxy.hops
            )),
        hashing_threads = config.hashing_threads,
        hashing_queue = config.hashing_queue,
        "abuse limits: {}",
        config.limits
    );
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let local = listener.local_addr()?;
    // Email alerts: this instance drains the outbox too (every instance may).
    let mail = args.mail.settings(&args.database.db);
    let mailer = porchlight_server::alerts::Mailer::new(&mail)?;
    let base = match &args.public_url {
        Some(origin) => origin.to_string(),
        None => format!("http://{local}"),
    };
    match &mail.smtp_url {
        Some(_) => tracing::info!(from = %mail.from, "email alerts: sent by SMTP"),
        None => tracing::info!(
            dir = %mail.mail_dir.display(),
            "email alerts: no --smtp-url, written as .eml files"
        ),
    }
    let worker = porchlight_server::alerts::OutboxWorker::new(
        mailer,
        porchlight_server::alerts::MailLinks { base },
        args.mail.max_bounces,
    );
    let outbox = tokio::spawn(porchlight_server::alerts::run_outbox_worker(
        db.clone(),
        worker,
        state.clock.clone(),
        std::time::Duration::from_secs(args.mail.outbox_interval_secs),
    ));
    // Residents' responses: this instance runs the retention task too (every one may).
    let retention = tokio::spawn(porchlight_server::routes::responses::run_retention_task(
        state.clone(),
        std::time::Duration::from_secs(args.responses.retention_interval_secs),
    ));
    {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "porchlight-server listening on http://{local}")?;
        stdout.flush()?;
    }
    // The connection's peer address: the client, for the abuse limits, unless a trusted
    // proxy header says otherwise (`--trusted-proxy-header`).
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    outbox.abort();
    retention.abort();
    let cache = db.request_cache().stats();
    tracing::info!(
        hits = cache.hits,
        misses = cache.misses,
        entries = cache.entries,
        bytes = cache.bytes,
        "request cache"
    );
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn user_add(args: UserAddArgs) -> Result<(), Box<dyn std::error::Error>> {
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    let db = args.database.open().await?;
    let now = time::OffsetDateTime::now_utc();
    let role = if args.admin {
        Role::Admin
    } else if args.moderator {
        Role::Moderator
    } else {
        Role::Resident
    };
    let result = porchlight_server::users::create_user(
        &db,
        &args.email,
        &args.display_name,
        password,
        role,
        now,
    )
    .await;
    db.close().await;
    let id = result?;
    let suffix = match role {
        Role::Admin => " (admin)",
        Role::Moderator => " (moderator)",
        _ => "",
    };
    println!("created account {id} <{}>{suffix}", args.email.trim());
    Ok(())
}

async fn audit(args: AuditArgs) -> Result<(), Box<dyn std::error::Error>> {
    let options = porchlight_server::public_log::AuditOptions {
        url: args.url,
        checkpoint: args.checkpoint,
        save: args.save,
    };
    let report =
        tokio::task::spawn_blocking(move || porchlight_server::public_log::audit(&options))
            .await??;
    let c = report.checkpoint;
    println!(
        "audit passed: {} entries ({} requests, {} resolutions, {} moderator decisions, {} agency key changes)",
        c.tree_size, report.requests, report.resolutions, report.moderation, report.agency_keys
    );
    println!(
        "root hash {} signed at {} ms by key {}",
        c.root_hash, c.timestamp_ms, report.public_key
    );
    if let Some(old) = report.extends {
        println!("the log extends the saved checkpoint of {old} entries");
    }
    Ok(())
}

/// Prints the public key (creating the key pair if this data directory has none yet).
fn log_key(args: LogKeyArgs) -> Result<(), Box<dyn std::error::Error>> {
    let signer =
        porchlight_server::public_log::LogSigner::load_or_create(&args.database.key_path())?;
    println!("{}", signer.public_key());
    Ok(())
}

async fn seed(args: SeedArgs) -> Result<(), Box<dyn std::error::Error>> {
    let db = args.database.open().await?;
    let plan = porchlight_server::seed::SeedPlan {
        requests: args.requests,
        agencies: args.agencies,
        big_agency_requests: args.big_agency_requests,
        years: args.years,
        rng_seed: args.rng_seed,
    };
    let started = std::time::Instant::now();
    let result = porchlight_server::seed::seed(&db, &plan, time::OffsetDateTime::now_utc()).await;
    db.close().await;
    let report = result?;
    println!(
        "seeded {} agencies and {} requests ({} resolved) into {} in {:.1} s",
        report.agencies,
        report.requests,
        report.resolved,
        args.database.db,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
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
            Err(err) => {
                tracing::error!("cannot listen for SIGTERM: {err}");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
