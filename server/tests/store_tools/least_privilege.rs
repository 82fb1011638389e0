//! A server on PostgreSQL as a role that `store grant` set up: it migrates nothing,
//! publishes and resolves, and cannot change or delete what it published — the
//! permissions refuse it, and for the database's owner the triggers do. Needs
//! PostgreSQL (see `store_tools.rs`).

use axum::http::{Method, StatusCode};
use porchlight_domain::moderation::{DecisionInput, ProhibitedUse, ReportDecision, ReviewDecision};
use porchlight_domain::wire::{AgencyStats, RequestDraftInput, Role};
use porchlight_domain::RequestDraft;
use porchlight_server::db::copy::CopyTable;
use porchlight_server::db::{
    DbLocation, MakeModeratorOutcome, NewAccount, ReportDecisionOutcome, ReportOutcome,
    ReviewOutcome, Store, StoreOptions,
};
use porchlight_server::Db;
use serde_json::json;

use crate::binary::run;
use crate::pg_database::{admin_url, as_admin, as_user, unique_name, with_database};
use crate::same_deployment::draft;
use crate::snapshot::audit_over_http;
use crate::test_client::TestClient;

/// The tables whose rows are never changed or deleted once written.
const IMMUTABLE: [CopyTable; 6] = [
    CopyTable::Requests,
    CopyTable::Resolutions,
    CopyTable::LogEntries,
    CopyTable::LogCheckpoints,
    CopyTable::LogNodes,
    CopyTable::LogOrigin,
];

/// UPDATE, DELETE and TRUNCATE of `table`, each touching every row (CASCADE: a plain
/// TRUNCATE of a referenced table stops at the foreign keys before any trigger).
fn rewrites(table: CopyTable) -> [String; 3] {
    let (name, column) = (table.name(), table.columns()[0].name);
    [
        format!("UPDATE {name} SET {column} = {column}"),
        format!("DELETE FROM {name}"),
        format!("TRUNCATE {name} CASCADE"),
    ]
}

/// The SQLSTATE and message of a refused statement.
async fn refusal(db: &dyn Store, sql: &str) -> (String, String) {
    match db.execute_raw(sql).await {
        Ok(rows) => panic!("{sql}: allowed ({rows} rows)"),
        Err(sqlx::Error::Database(e)) => (
            e.code().unwrap_or_default().into_owned(),
            e.message().to_owned(),
        ),
        Err(other) => panic!("{sql}: {other}"),
    }
}

/// A database owned by a role of its own, and a role for the servers (not migrated,
/// nothing granted yet).
struct Roles {
    owner: String,
    app_role: String,
    owner_url: String,
    app_url: String,
}

async fn roles_and_database() -> Roles {
    let (owner, app_role) = (
        unique_name("porchlight_owner"),
        unique_name("porchlight_app"),
    );
    let database = unique_name("porchlight_lp");
    as_admin(
        None,
        &[
            format!("CREATE ROLE {owner} LOGIN"),
            format!("CREATE ROLE {app_role} LOGIN"),
            format!("CREATE DATABASE {database} OWNER {owner}"),
        ],
    )
    .await;
    // As a careful operator would: the owner owns the schema; nobody else may create.
    as_admin(
        Some(&database),
        &[
            format!("ALTER SCHEMA public OWNER TO {owner}"),
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC".into(),
        ],
    )
    .await;
    let url = with_database(&admin_url(), &database);
    Roles {
        owner_url: as_user(&url, &owner),
        app_url: as_user(&url, &app_role),
        owner,
        app_role,
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL (PORCHLIGHT_TEST_POSTGRES); scripts/test.sh runs it"]
async fn a_server_role_from_store_grant_publishes_but_cannot_rewrite_history() {
    let Roles {
        owner,
        app_role,
        owner_url,
        app_url,
    } = roles_and_database().await;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("porchlight-log.key");
    let key_arg = key.to_str().unwrap();
    let serve = |url: &str, no_migrate: bool| {
        let mut args = vec![
            "serve",
            "--db",
            url,
            "--log-key",
            key_arg,
            "--addr",
            "127.0.0.1:0",
        ];
        args.extend(["--tile-url", "none"]);
        if no_migrate {
            args.push("--no-migrate");
        }
        run(&args)
    };

    // Before the owner migrates, the server's role can neither start nor migrate.
    let refused = serve(&app_url, true);
    assert!(
        !refused.success && refused.stderr.contains("0001 initial"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("store migrate"),
        "{}",
        refused.stderr
    );
    let refused = serve(&app_url, false);
    assert!(
        !refused.success && refused.stderr.contains("permission denied"),
        "{}",
        refused.stderr
    );

    let migrated = run(&["store", "migrate", "--db", &owner_url]);
    assert!(migrated.success, "{}", migrated.stderr);
    let granted = run(&["store", "grant", "--db", &owner_url, "--role", &app_role]);
    assert!(granted.success, "{}", granted.stderr);
    let to_owner = run(&["store", "grant", "--db", &owner_url, "--role", &owner]);
    assert!(
        !to_owner.success && to_owner.stderr.contains("cannot restrict"),
        "{}",
        to_owner.stderr
    );
    let to_nobody = run(&[
        "store",
        "grant",
        "--db",
        &owner_url,
        "--role",
        "no_such_role_here",
    ]);
    assert!(
        !to_nobody.success && to_nobody.stderr.contains("does not exist"),
        "{}",
        to_nobody.stderr
    );
    // The role still may not migrate (a server started without --no-migrate stops).
    let refused = serve(&app_url, false);
    assert!(
        !refused.success && refused.stderr.contains("permission denied"),
        "{}",
        refused.stderr
    );

    // The server as that role: starts its log, seeds, publishes, resolves.
    let now = time::OffsetDateTime::now_utc();
    let db = Db::open_with_options(
        DbLocation::Postgres(app_url.clone()),
        &key,
        &StoreOptions::no_migrate(),
    )
    .await
    .expect("the server opens the database as its role");
    assert!(porchlight_server::demo::seed(&db, now).await.unwrap());
    let client = TestClient::new(db.clone());
    let cookie = client
        .sign_in(
            "officer@porchlight.test",
            porchlight_server::demo::DEMO_PASSWORD,
        )
        .await;
    let (status, body, _) = client
        .send(
            Method::POST,
            "/api/v1/requests",
            Some(draft()),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().unwrap();
    let (status, body, _) = client
        .send(
            Method::POST,
            &format!("/api/v1/requests/{id}/resolution"),
            Some(json!({ "note": "Footage received." })),
            Some(&cookie),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // Sessions and the sign-in throttle change as they must.
    let (status, _, _) = client
        .send(Method::POST, "/api/v1/auth/logout", None, Some(&cookie))
        .await;
    assert!(status.is_success(), "sign-out: {status}");
    let audited = audit_over_http(&db, None, None).await;
    assert_eq!(
        audited.checkpoint.tree_size,
        audited.requests + audited.resolutions + audited.moderation
    );
    // The counters, written by the owner's triggers, count what the role published.
    for agency in db.list_agencies(now).await.unwrap() {
        let (agency_id, _) = db.agency_by_slug(&agency.slug).await.unwrap().unwrap();
        assert_eq!(
            db.agency_stats(agency_id, now).await.unwrap(),
            db.agency_stats_recounted(agency_id, now).await.unwrap(),
            "{}",
            agency.slug
        );
    }

    // Rewriting history: the role lacks the permission; the owner meets the triggers.
    let owner_db = Db::open_unsigned(
        &DbLocation::Postgres(owner_url.clone()),
        &StoreOptions::no_migrate(),
    )
    .await
    .unwrap();
    for table in IMMUTABLE {
        for sql in rewrites(table) {
            let (code, message) = refusal(&*db, &sql).await;
            assert_eq!(code, "42501", "{sql} as the server's role: {message}");
            let (code, message) = refusal(&*owner_db, &sql).await;
            assert_eq!(code, "23001", "{sql} as the owner: {message}");
            assert!(immutable(&message), "{sql}: {message}");
        }
    }
    for sql in [
        "UPDATE agency_totals SET requests = requests + 1",
        "DELETE FROM agency_months",
        "INSERT INTO agency_incident_types VALUES (1, 'burglary', 99)",
        "CREATE TABLE shadow (id BIGINT)",
    ] {
        let (code, message) = refusal(&*db, sql).await;
        assert_eq!(code, "42501", "{sql} as the server's role: {message}");
    }
    assert_eq!(db.log_checkpoint().await.unwrap(), audited.checkpoint);

    // Review, reports and findings as the role: its grants suffice, and neither it nor
    // the owner can rewrite a decision; a submission's status and a report's decision
    // are set once.
    moderate(&db, now).await;
    // The annual reports read as the role: its grants cover their tables and functions.
    let mut reported = 0;
    let mut decided = 0;
    for (agency_id, _, zone) in db.agency_zones(None).await.unwrap() {
        let zone = porchlight_domain::time_zone::AgencyTimeZone::parse(&zone).unwrap();
        let bounds = zone.year_bounds(now.year()).unwrap();
        let window =
            porchlight_server::db::ReportWindow::new(vec![agency_id], &zone, bounds, 0.005, true);
        let figures = db
            .report_figures(&window)
            .await
            .unwrap()
            .remove(&agency_id)
            .unwrap();
        reported += figures.totals.requests;
        decided += figures.moderation.approved + figures.moderation.policy_findings;
    }
    assert!(
        reported > 0 && decided > 0,
        "{reported} requests, {decided} decisions"
    );
    for sql in rewrites(CopyTable::ModerationDecisions) {
        let (code, message) = refusal(&*db, &sql).await;
        assert_eq!(code, "42501", "{sql} as the server's role: {message}");
        let (code, message) = refusal(&*owner_db, &sql).await;
        assert_eq!(code, "23001", "{sql} as the owner: {message}");
        assert!(immutable(&message), "{sql}: {message}");
    }
    for table in [CopyTable::Submissions, CopyTable::Reports] {
        let [update, delete, truncate] = rewrites(table);
        let (code, message) = refusal(&*db, &update).await;
        assert_eq!(code, "23001", "{update} as the server's role: {message}");
        assert!(immutable(&message), "{update}: {message}");
        for sql in [delete, truncate] {
            let (code, message) = refusal(&*db, &sql).await;
            assert_eq!(code, "42501", "{sql} as the server's role: {message}");
        }
        for sql in rewrites(table) {
            let (code, message) = refusal(&*owner_db, &sql).await;
            assert_eq!(code, "23001", "{sql} as the owner: {message}");
            assert!(immutable(&message), "{sql}: {message}");
        }
    }
    owner_db.close().await;
    db.close().await;
}

/// Whether a refusal's message is one of the immutability codes.
fn immutable(message: &str) -> bool {
    [
        "request_immutable",
        "log_append_only",
        "moderation_immutable",
    ]
    .iter()
    .any(|code| message.starts_with(code))
}

/// A moderator, two submissions (approved, rejected), a report and its upheld
/// finding, all through the store as the server's role.
async fn moderate(db: &Db, now: time::OffsetDateTime) {
    let officer = db
        .account_by_email("officer@porchlight.test")
        .await
        .unwrap()
        .unwrap();
    let agency = officer.agency_id.unwrap();
    let account = |email: &'static str, role: Role| async move {
        let new = NewAccount {
            email,
            display_name: email,
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
            role,
            agency_id: None,
        };
        db.create_account(&new, now).await.unwrap().unwrap()
    };
    let moderator = account("grant-moderator@porchlight.test", Role::Resident).await;
    assert_eq!(
        db.make_moderator(moderator, now).await.unwrap(),
        MakeModeratorOutcome::Made
    );
    let resident = account("grant-resident@porchlight.test", Role::Resident).await;
    // The demo's own moderation is there already: count what this adds.
    let figures = |stats: AgencyStats| {
        let m = stats.moderation;
        (m.approved, m.rejected, m.findings)
    };
    let before = figures(db.agency_stats(agency, now).await.unwrap());
    for (n, decision) in [ReviewDecision::Approve, ReviewDecision::Reject]
        .into_iter()
        .enumerate()
    {
        let mut input: RequestDraftInput = serde_json::from_value(draft()).unwrap();
        input.case_number = format!("GRANT-{n}");
        let (case, validated) = (input.case_number.clone(), input.clone());
        let submission = db
            .submit_request(
                agency,
                Some(officer.id),
                &case,
                now,
                Box::new(move |count| RequestDraft::validate(&validated, now, count)),
                Vec::new(),
            )
            .await
            .unwrap()
            .unwrap();
        let (reasons, note) = match decision {
            ReviewDecision::Approve => (vec![], None),
            ReviewDecision::Reject => (vec!["other".to_owned()], Some("Refused.")),
        };
        let outcome = db
            .review_submission(
                submission.id,
                moderator,
                DecisionInput::check(decision, &reasons, note).unwrap(),
                now,
                Box::new(move |count| RequestDraft::validate(&input, now, count)),
            )
            .await
            .unwrap();
        assert!(
            matches!(outcome, ReviewOutcome::Decided { .. }),
            "{outcome:?}"
        );
    }
    let request = db.agency_requests_all(agency).await.unwrap()[0].id;
    assert_eq!(
        db.report_request(request, resident, ProhibitedUse::Other, None, now)
            .await
            .unwrap(),
        ReportOutcome::Reported
    );
    let upheld = DecisionInput::check(
        ReportDecision::Uphold,
        &["other".to_owned()],
        Some("Upheld."),
    )
    .unwrap();
    assert!(matches!(
        db.decide_reports(request, moderator, upheld, now)
            .await
            .unwrap(),
        ReportDecisionOutcome::Decided(_)
    ));
    let after = figures(db.agency_stats(agency, now).await.unwrap());
    assert_eq!(after, (before.0 + 1, before.1 + 1, before.2 + 1));
}

/// Two server instances as the restricted role, publishing at once: the log's
/// sequencer (which may not be a row lock: that needs UPDATE) keeps the case limit and
/// the log's order across them.
#[tokio::test]
#[ignore = "needs PostgreSQL (PORCHLIGHT_TEST_POSTGRES); scripts/test.sh runs it"]
async fn two_instances_as_the_server_role_publish_in_one_order() {
    let roles = roles_and_database().await;
    for args in [
        vec!["store", "migrate", "--db", &roles.owner_url],
        vec![
            "store",
            "grant",
            "--db",
            &roles.owner_url,
            "--role",
            &roles.app_role,
        ],
    ] {
        let done = run(&args);
        assert!(done.success, "{}", done.stderr);
    }
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("porchlight-log.key");
    let location = DbLocation::Postgres(roles.app_url.clone());
    let first = Db::open_with_options(location.clone(), &key, &StoreOptions::no_migrate())
        .await
        .unwrap();
    assert!(
        porchlight_server::demo::seed(&first, time::OffsetDateTime::now_utc())
            .await
            .unwrap()
    );
    let second = Db::open_with_options(location, &key, &StoreOptions::no_migrate())
        .await
        .unwrap();
    let (a, b) = (
        TestClient::new(first.clone()),
        TestClient::new(second.clone()),
    );
    let password = porchlight_server::demo::DEMO_PASSWORD;
    let (cookie_a, cookie_b) = (
        a.sign_in("officer@porchlight.test", password).await,
        b.sign_in("officer@porchlight.test", password).await,
    );
    // Six posts of one case number and six of their own, half on each instance.
    let posts = (0..12).map(|n| {
        let (client, cookie) = if n % 2 == 0 {
            (&a, &cookie_a)
        } else {
            (&b, &cookie_b)
        };
        let mut body = draft();
        body["case_number"] = if n < 6 {
            json!("RACE-1")
        } else {
            json!(format!("OWN-{n}"))
        };
        async move {
            let (status, body, _) = client
                .send(Method::POST, "/api/v1/requests", Some(body), Some(cookie))
                .await;
            (n, status, body)
        }
    });
    let results = futures_util::future::join_all(posts).await;
    let accepted_race = results
        .iter()
        .filter(|(n, status, _)| *n < 6 && *status == StatusCode::CREATED)
        .count();
    assert_eq!(
        accepted_race,
        porchlight_domain::MAX_REQUESTS_PER_CASE as usize
    );
    for (n, status, body) in &results {
        let expected = if *n < 6 && *status != StatusCode::CREATED {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::CREATED
        };
        assert_eq!(*status, expected, "post {n}: {body}");
    }
    let audited = audit_over_http(&second, None, None).await;
    assert_eq!(
        audited.checkpoint.tree_size,
        audited.requests + audited.resolutions + audited.moderation
    );
    first.close().await;
    second.close().await;
}
