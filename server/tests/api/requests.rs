//! Publishing, reading, the feed, the opt-out, resolution and immutability.

use axum::http::{Method, StatusCode};
use porchlight_server::db::Backend;
use serde_json::{json, Value};

use crate::support::{draft, draft_at, Fixture, Who};

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect()
}

fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn staff_publish_a_normalised_permanent_request() {
    let fx = Fixture::new().await;
    let mut input = draft(" 26-118233 ");
    input["contact"]["phone"] = json!("+1 503 555 0100");
    let staff = fx.cookie(Who::StaffA).await;
    let response = fx
        .app
        .send(
            Method::POST,
            "/api/v1/requests",
            Some(input),
            staff.as_deref(),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let published = response.json();
    let id = published["id"].as_i64().unwrap();
    assert_eq!(
        response.header("location"),
        Some(format!("/api/v1/requests/{id}").as_str())
    );
    assert_eq!(
        published["agency"],
        json!({"slug": "agency-a", "name": "Agency agency-a"})
    );
    assert_eq!(published["case_number"], "26-118233");
    assert_eq!(published["status"], "open");
    assert_eq!(published["resolution"], Value::Null);
    assert_eq!(published["contact"]["phone"], "+1 503 555 0100");
    let area_sq_mi = published["area_m2"].as_f64().unwrap() / porchlight_domain::SQUARE_MILE_M2;
    assert!((0.07..0.1).contains(&area_sq_mi), "{area_sq_mi}");
    let ring = published["area"]["coordinates"][0].as_array().unwrap();
    assert_eq!(ring.first(), ring.last(), "closed ring");
    let created = time::OffsetDateTime::parse(
        published["created_at"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert!((fx.app.state.now() - created).abs() < time::Duration::seconds(5));
    // Public, no account needed.
    let fetched = fx.app.get(&format!("/api/v1/requests/{id}")).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.json(), published);
}

#[tokio::test]
async fn an_invalid_draft_gets_every_error_and_leaves_no_row() {
    let fx = Fixture::new().await;
    let mut input = draft("");
    input["incident_type"] = json!("jaywalking");
    input["contact"] = json!({});
    let end = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap()
        - time::Duration::hours(1);
    let rfc = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    input["time_frame"] = json!({"start": rfc(end - time::Duration::minutes(10)), "end": rfc(end)});
    input["area"]["coordinates"] = json!([[
        [-122.68, 45.515],
        [-122.0, 45.515],
        [-122.0, 46.0],
        [-122.68, 45.515]
    ]]);
    let response = fx
        .send_as(Who::StaffA, Method::POST, "/api/v1/requests", Some(input))
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.json();
    assert_eq!(
        codes(&body),
        [
            "area_too_large",
            "time_frame_too_short",
            "incident_type_invalid",
            "case_number_invalid",
            "contact_missing"
        ]
    );
    assert_eq!(body["error"], body["errors"][0]);
    assert_eq!(body["error"]["field"], "area");
    assert_eq!(fx.app.state.db.request_count().await.unwrap(), 0);
}

#[tokio::test]
async fn at_most_two_requests_per_case_per_agency() {
    let fx = Fixture::new().await;
    fx.publish(Who::StaffA, draft("26-1")).await;
    fx.publish(Who::StaffA, draft(" 26-1")).await;
    let third = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            "/api/v1/requests",
            Some(draft("26-1 ")),
        )
        .await;
    assert_eq!(third.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(third.error_code(), "case_limit_reached");
    assert_eq!(third.json()["error"]["field"], "case_number");
    assert_eq!(fx.app.state.db.request_count().await.unwrap(), 2);
    // The limit counts the agency's own requests only.
    fx.publish(Who::StaffB, draft("26-1")).await;
    fx.publish(Who::StaffA, draft("26-2")).await;
}

#[tokio::test]
async fn the_case_limit_holds_under_concurrent_posts() {
    let fx = Fixture::new().await;
    let mut handles = Vec::new();
    for _ in 0..6 {
        let cookie = fx.cookie(Who::StaffA).await;
        let router = fx.app.router.clone();
        handles.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let request = axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/v1/requests")
                .header("content-type", "application/json")
                .header("cookie", cookie.unwrap())
                .body(axum::body::Body::from(draft("RACE-1").to_string()))
                .unwrap();
            router.oneshot(request).await.unwrap().status()
        }));
    }
    let mut created = 0;
    for handle in handles {
        let status = handle.await.unwrap();
        assert!(matches!(status.as_u16(), 201 | 422), "{status}");
        created += usize::from(status == StatusCode::CREATED);
    }
    assert_eq!(created, 2);
    assert_eq!(fx.app.state.db.request_count().await.unwrap(), 2);
}

#[tokio::test]
async fn unknown_requests_are_json_404s() {
    let fx = Fixture::new().await;
    for path in [
        "/api/v1/requests/12345",
        "/api/v1/requests/abc",
        "/api/v1/requests/-1",
    ] {
        let response = fx.app.get(path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(response.error_code(), "not_found");
    }
}

#[tokio::test]
async fn the_feed_filters_by_box_status_and_time() {
    let fx = Fixture::new().await;
    let downtown = fx
        .publish(Who::StaffA, draft_at("F-1", -122.68, 45.515))
        .await;
    let gresham = fx
        .publish(Who::StaffB, draft_at("F-2", -122.43, 45.50))
        .await;
    let resolved = fx
        .publish(Who::StaffA, draft_at("F-3", -122.66, 45.52))
        .await;
    let staff = fx.cookie(Who::StaffA).await;
    let path = format!("/api/v1/requests/{resolved}/resolution");
    assert_eq!(
        fx.app
            .send(Method::POST, &path, None, staff.as_deref())
            .await
            .status,
        StatusCode::CREATED
    );

    let all = fx.app.get("/api/v1/requests").await.json();
    assert_eq!(ids(&all), [resolved, gresham, downtown]);
    assert_eq!(all["next"], Value::Null);
    // A box around downtown Portland only.
    let central = fx
        .app
        .get("/api/v1/requests?bbox=-122.70,45.50,-122.60,45.55")
        .await
        .json();
    assert_eq!(ids(&central), [resolved, downtown]);
    // A box that barely overlaps the downtown area's eastern edge (10 m) still finds it.
    let edge = fx
        .app
        .get("/api/v1/requests?bbox=-122.6751,45.50,-122.6745,45.516")
        .await
        .json();
    assert_eq!(ids(&edge), [downtown]);
    let nowhere = fx
        .app
        .get("/api/v1/requests?bbox=-100,30,-99,31")
        .await
        .json();
    assert!(ids(&nowhere).is_empty());
    assert_eq!(
        ids(&fx.app.get("/api/v1/requests?status=open").await.json()),
        [gresham, downtown]
    );
    assert_eq!(
        ids(&fx.app.get("/api/v1/requests?status=resolved").await.json()),
        [resolved]
    );
    assert_eq!(
        ids(&fx
            .app
            .get("/api/v1/requests?status=open&bbox=-122.70,45.50,-122.60,45.55")
            .await
            .json()),
        [downtown]
    );
    // A parameter given twice is ambiguous: refused, not guessed.
    let twice = fx.app.get("/api/v1/requests?status=all&status=open").await;
    assert_eq!(
        (twice.status, twice.error_code()),
        (StatusCode::BAD_REQUEST, "invalid_query".to_owned())
    );

    fx.app.state.clock.advance(time::Duration::days(2));
    let later = fx.publish(Who::StaffA, draft("F-4")).await;
    let since = (fx.app.state.now() - time::Duration::days(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let recent = fx
        .app
        .get(&format!("/api/v1/requests?since={since}"))
        .await
        .json();
    assert_eq!(ids(&recent), [later]);
}

#[tokio::test]
async fn the_opt_out_empties_the_feed_for_that_account_only() {
    let fx = Fixture::new().await;
    let id = fx.publish(Who::StaffA, draft("O-1")).await;
    let resident = fx.cookie(Who::Resident).await;
    let on = fx
        .app
        .send(
            Method::PUT,
            "/api/v1/me/preferences",
            Some(json!({"hide_requests": true})),
            resident.as_deref(),
        )
        .await;
    assert_eq!(on.status, StatusCode::OK);

    let hidden = fx
        .app
        .send(Method::GET, "/api/v1/requests", None, resident.as_deref())
        .await
        .json();
    assert_eq!(
        hidden,
        json!({"items": [], "next": null, "hidden_by_preference": true})
    );
    let anonymous = fx.app.get("/api/v1/requests").await.json();
    assert_eq!(ids(&anonymous), [id]);
    assert_eq!(anonymous["hidden_by_preference"], false);
    let other = fx
        .send_as(Who::StaffB, Method::GET, "/api/v1/requests", None)
        .await
        .json();
    assert_eq!(ids(&other), [id]);
    // Agency profiles stay public for everyone; a direct link still works.
    let history = fx
        .app
        .send(
            Method::GET,
            "/api/v1/agencies/agency-a/requests",
            None,
            resident.as_deref(),
        )
        .await
        .json();
    assert_eq!(ids(&history), [id]);
    let one = fx
        .app
        .send(
            Method::GET,
            &format!("/api/v1/requests/{id}"),
            None,
            resident.as_deref(),
        )
        .await;
    assert_eq!(one.status, StatusCode::OK);

    fx.app
        .send(
            Method::PUT,
            "/api/v1/me/preferences",
            Some(json!({"hide_requests": false})),
            resident.as_deref(),
        )
        .await;
    let shown = fx
        .app
        .send(Method::GET, "/api/v1/requests", None, resident.as_deref())
        .await
        .json();
    assert_eq!(ids(&shown), [id]);
}

#[tokio::test]
async fn a_request_is_resolved_once() {
    let fx = Fixture::new().await;
    let id = fx.publish(Who::StaffA, draft("R-1")).await;
    let staff = fx.cookie(Who::StaffA).await;
    let path = format!("/api/v1/requests/{id}/resolution");
    let too_long = json!({"note": "x".repeat(2001)});
    let refused = fx
        .app
        .send(Method::POST, &path, Some(too_long), staff.as_deref())
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_code(), "note_invalid");
    assert_eq!(
        fx.app.get(&format!("/api/v1/requests/{id}")).await.json()["status"],
        "open"
    );

    let response = fx
        .app
        .send(
            Method::POST,
            &path,
            Some(json!({"note": " Suspect identified. "})),
            staff.as_deref(),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let resolved = response.json();
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(resolved["resolution"]["note"], "Suspect identified.");
    assert_eq!(
        fx.app.get(&format!("/api/v1/requests/{id}")).await.json(),
        resolved
    );

    let again = fx
        .app
        .send(
            Method::POST,
            &path,
            Some(json!({"note": "Changed."})),
            staff.as_deref(),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "already_resolved");
    assert_eq!(
        fx.app.get(&format!("/api/v1/requests/{id}")).await.json()["resolution"]["note"],
        "Suspect identified."
    );

    let missing = fx
        .app
        .send(
            Method::POST,
            "/api/v1/requests/9999/resolution",
            None,
            staff.as_deref(),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn requests_cannot_be_edited_or_deleted_over_http() {
    let fx = Fixture::new().await;
    let id = fx.publish(Who::StaffA, draft("I-1")).await;
    let before = fx.app.get(&format!("/api/v1/requests/{id}")).await.json();
    for who in [Who::StaffA, Who::Admin] {
        for method in [Method::PUT, Method::PATCH, Method::DELETE] {
            for path in [
                format!("/api/v1/requests/{id}"),
                format!("/api/v1/requests/{id}/resolution"),
            ] {
                let response = fx
                    .send_as(
                        who,
                        method.clone(),
                        &path,
                        Some(json!({"title": "Edited title"})),
                    )
                    .await;
                assert_eq!(
                    response.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method} {path}"
                );
                assert_eq!(response.error_code(), "request_immutable");
                assert!(response.header("allow").is_some());
            }
        }
    }
    assert_eq!(
        fx.app.get(&format!("/api/v1/requests/{id}")).await.json(),
        before
    );
}

#[tokio::test]
async fn the_database_refuses_update_and_delete() {
    let fx = Fixture::new().await;
    let id = fx.publish(Who::StaffA, draft("I-2")).await;
    let staff = fx.cookie(Who::StaffA).await;
    fx.app
        .send(
            Method::POST,
            &format!("/api/v1/requests/{id}/resolution"),
            Some(json!({"note": "Done."})),
            staff.as_deref(),
        )
        .await;
    let before = fx.app.get(&format!("/api/v1/requests/{id}")).await.json();
    let db = &fx.app.state.db;
    let mut refused = vec![
        format!("UPDATE requests SET title = 'Edited' WHERE id = {id}"),
        format!("UPDATE requests SET agency_id = agency_id WHERE id = {id}"),
        format!("DELETE FROM requests WHERE id = {id}"),
        "DELETE FROM requests".to_owned(),
        format!("UPDATE resolutions SET note = 'Edited' WHERE request_id = {id}"),
        format!("DELETE FROM resolutions WHERE request_id = {id}"),
    ];
    if db.backend() == Backend::Postgres {
        // TRUNCATE skips row triggers: PostgreSQL needs statement triggers of its own
        // (SQLite has no TRUNCATE). CASCADE, or a table others refer to would be
        // refused for its foreign keys before its trigger has a say.
        for table in ["requests", "resolutions"] {
            refused.push(format!("TRUNCATE {table} CASCADE"));
        }
    }
    for sql in refused {
        let err = db.execute_raw(&sql).await.expect_err(&sql);
        assert!(
            err.to_string().contains("request_immutable"),
            "{sql}: {err}"
        );
    }
    assert_eq!(
        fx.app.get(&format!("/api/v1/requests/{id}")).await.json(),
        before
    );
    assert_eq!(db.request_count().await.unwrap(), 1);
}

#[tokio::test]
async fn pages_neither_skip_nor_repeat_when_requests_arrive_between_them() {
    let fx = Fixture::new().await;
    let mut original = Vec::new();
    for n in 0..7 {
        original.push(
            fx.publish(
                if n % 2 == 0 { Who::StaffA } else { Who::StaffB },
                draft(&format!("P-{n}")),
            )
            .await,
        );
        if n == 3 {
            fx.app.state.clock.advance(time::Duration::seconds(30));
        }
    }
    original.reverse();
    let page1 = fx.app.get("/api/v1/requests?limit=3").await.json();
    assert_eq!(ids(&page1), original[..3]);
    // New requests arrive, some with the same timestamp as older ones.
    fx.publish(Who::StaffA, draft("NEW-1")).await;
    fx.app.state.clock.advance(time::Duration::seconds(30));
    fx.publish(Who::StaffB, draft("NEW-2")).await;
    let mut seen = ids(&page1);
    let mut next = page1["next"].as_str().map(str::to_owned);
    while let Some(cursor) = next {
        let page = fx
            .app
            .get(&format!("/api/v1/requests?limit=3&before={cursor}"))
            .await
            .json();
        seen.extend(ids(&page));
        next = page["next"].as_str().map(str::to_owned);
    }
    assert_eq!(
        seen, original,
        "every original request exactly once, newest first"
    );
}

#[tokio::test]
async fn dense_and_sparse_boxes_give_the_same_answers() {
    use porchlight_domain::wire::RequestDraftInput;
    use porchlight_server::db::NewRequest;
    let fx = Fixture::new().await;
    let now = fx.app.state.now();
    let parse = |v: Value| serde_json::from_value::<RequestDraftInput>(v).unwrap();
    let downtown = porchlight_domain::RequestDraft::validate(&parse(draft("D-1")), now, 0).unwrap();
    let gresham =
        porchlight_domain::RequestDraft::validate(&parse(draft_at("G-1", -122.43, 45.50)), now, 0)
            .unwrap();
    // Thousands in one box, two to a second: pages cut inside a second, and the box
    // search must stop early rather than sort them all.
    let count = 5_100;
    let mut new: Vec<NewRequest> = (0..count)
        .map(|i| NewRequest {
            agency_id: fx.agency_a,
            author_id: None,
            draft: &downtown,
            created_at: now - time::Duration::seconds(i as i64 / 2),
        })
        .collect();
    new.push(NewRequest {
        agency_id: fx.agency_b,
        author_id: None,
        draft: &gresham,
        created_at: now,
    });
    let ids_in_order = fx.app.state.db.insert_requests(&new).await.unwrap();
    let gresham_id = *ids_in_order.last().unwrap();
    // Newest first; equal times by id, descending.
    let mut expected: Vec<(time::OffsetDateTime, i64)> = new[..count]
        .iter()
        .zip(&ids_in_order)
        .map(|(n, id)| (n.created_at, *id))
        .collect();
    expected.sort_by(|a, b| b.cmp(a));
    let expected: Vec<i64> = expected.into_iter().map(|(_, id)| id).collect();

    let mut seen = Vec::new();
    let mut path = "/api/v1/requests?bbox=-122.70,45.50,-122.60,45.55&limit=200".to_owned();
    for _ in 0..3 {
        let page = fx.app.get(&path).await.json();
        seen.extend(ids(&page));
        path = format!(
            "/api/v1/requests?bbox=-122.70,45.50,-122.60,45.55&limit=200&before={}",
            page["next"].as_str().unwrap()
        );
    }
    assert_eq!(
        seen,
        expected[..600],
        "dense box: pages cut inside a second are exact"
    );
    let sparse = fx
        .app
        .get("/api/v1/requests?bbox=-122.44,45.49,-122.42,45.51")
        .await
        .json();
    assert_eq!(ids(&sparse), [gresham_id], "sparse box");
    let everything = fx
        .app
        .get("/api/v1/requests?bbox=-123,45,-122,46&limit=3")
        .await
        .json();
    assert_eq!(ids(&everything), [gresham_id, expected[0], expected[1]]);
}

/// A client that disconnects mid-post drops the handler's future at any point; no
/// transaction may outlive it (one left open holds SQLite's write lock, and every later
/// post then fails with "database is locked" after the 5 s busy timeout). Posts and
/// resolutions are cut off after 0–2 ms here, then one must go through at once.
#[tokio::test]
async fn writes_cut_off_midway_leave_no_transaction_open() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;

    let fx = Fixture::for_many_posts().await;
    let cookie = fx.cookie(Who::StaffA).await.unwrap();
    let first = fx.publish(Who::StaffA, draft("CUT-0")).await;
    for i in 0..200u64 {
        let (uri, body) = if i % 4 == 3 {
            (
                format!("/api/v1/requests/{}/resolution", first + i as i64 / 4),
                json!({ "note": "Found." }),
            )
        } else {
            ("/api/v1/requests".to_owned(), draft(&format!("CUT-{i}")))
        };
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let cut_off = std::time::Duration::from_micros(50 * (i % 40));
        let _ = tokio::time::timeout(cut_off, fx.app.router.clone().oneshot(request)).await;
    }
    let started = std::time::Instant::now();
    fx.publish(Who::StaffA, draft("CUT-AFTER")).await;
    let took = started.elapsed();
    assert!(
        took.as_secs_f64() < 2.0,
        "the post waited {took:?} for a lock"
    );
}
