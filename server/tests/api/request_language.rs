//! The language of a request's text (issue 19): optional, `en` or `es` (the domain's
//! rule), stored with the submission and the published request, served by the API as
//! documented, and part of the public-log entry only when set.

use axum::http::{Method, StatusCode};
use porchlight_domain::public_log::request_entry;
use porchlight_domain::wire::{LogEntries, PublishedRequest, ReviewPolicy, Submission};
use serde_json::{json, Value};

use crate::openapi::{check_response, spec};
use crate::public_log::{get, verify_as_the_app_does};
use crate::support::{draft, Fixture, TestResponse, Who};

/// Sends `body` to `path` as `who` and checks the answer against the spec.
async fn call(
    fx: &Fixture,
    who: Who,
    template: &str,
    path: &str,
    body: Option<Value>,
) -> TestResponse {
    let method = if body.is_some() {
        Method::POST
    } else {
        Method::GET
    };
    let response = fx.send_as(who, method.clone(), path, body).await;
    let errors = check_response(&spec(), method.as_str(), template, &response);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    response
}

fn with_language(case_number: &str, language: Value) -> Value {
    let mut input = draft(case_number);
    input["language"] = language;
    input
}

#[tokio::test]
async fn a_published_request_keeps_its_language_and_logs_it_only_when_set() {
    let fx = Fixture::new().await;
    let posted = |input: Value| {
        let fx = &fx;
        async move {
            let response = call(
                fx,
                Who::StaffA,
                "/requests",
                "/api/v1/requests",
                Some(input),
            )
            .await;
            assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
            response.json()
        }
    };
    let spanish = posted(with_language("LANG-1", json!("es"))).await;
    assert_eq!(spanish["language"], "es");
    let english = posted(with_language("LANG-2", json!("en"))).await;
    assert_eq!(english["language"], "en");
    let unset = posted(draft("LANG-3")).await;
    assert_eq!(
        unset["language"],
        Value::Null,
        "served as null when not set"
    );
    let null = posted(with_language("LANG-4", Value::Null)).await;
    assert_eq!(null["language"], Value::Null);

    // Read back as stored, by id and in the feed.
    let id = |v: &Value| v["id"].as_i64().unwrap();
    let fetched = call(
        &fx,
        Who::Anonymous,
        "/requests/{id}",
        &format!("/api/v1/requests/{}", id(&spanish)),
        None,
    )
    .await;
    assert_eq!(fetched.json(), spanish);
    let page = call(
        &fx,
        Who::Anonymous,
        "/requests",
        "/api/v1/requests?limit=10",
        None,
    )
    .await
    .json();
    let languages: Vec<Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["language"].clone())
        .collect();
    assert_eq!(
        languages,
        [Value::Null, Value::Null, json!("en"), json!("es")]
    );

    // The log: the language is in the entry when set, absent (not null) otherwise, and
    // every request verifies as the app checks it.
    let entries: LogEntries = get(&fx.app, "/api/v1/log/entries?start=0&end=4").await;
    let texts: Vec<&str> = entries.entries.iter().map(|e| e.entry.as_str()).collect();
    assert!(
        texts[0].contains(r#""kind":"request","language":"es","time_frame""#),
        "{}",
        texts[0]
    );
    assert!(texts[1].contains(r#""language":"en""#), "{}", texts[1]);
    assert!(
        !texts[2].contains("language") && !texts[3].contains("language"),
        "{texts:?}"
    );
    for request in [&spanish, &english, &unset, &null] {
        let served: PublishedRequest =
            get(&fx.app, &format!("/api/v1/requests/{}", id(request))).await;
        let index = served.log_index.unwrap() as usize;
        assert_eq!(
            entries.entries[index].entry,
            request_entry(&served).unwrap()
        );
        assert_eq!(
            verify_as_the_app_does(&fx.app, id(request)).await,
            Ok(index as u64)
        );
    }
    // Shown without its language, the Spanish request no longer matches its entry.
    let mut stripped: PublishedRequest = serde_json::from_value(spanish.clone()).unwrap();
    stripped.language = None;
    assert_ne!(request_entry(&stripped).unwrap(), entries.entries[0].entry);
}

#[tokio::test]
async fn a_language_the_domain_does_not_know_is_refused_with_its_code() {
    let fx = Fixture::new().await;
    for bad in ["fr", "ES", "es-US", "", " es"] {
        let response = call(
            &fx,
            Who::StaffA,
            "/requests",
            "/api/v1/requests",
            Some(with_language("LANG-BAD", json!(bad))),
        )
        .await;
        assert_eq!(
            response.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?}: {}",
            response.text()
        );
        let body = response.json();
        let errors: Vec<(&str, &str)> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["code"].as_str().unwrap(), e["field"].as_str().unwrap()))
            .collect();
        assert_eq!(errors, [("language_invalid", "language")], "{bad:?}");
    }
    let feed = fx.app.get("/api/v1/requests").await.json();
    assert!(
        feed["items"].as_array().unwrap().is_empty(),
        "nothing stored"
    );
}

#[tokio::test]
async fn a_submission_keeps_its_language_through_review() {
    let fx = Fixture::with_review(ReviewPolicy::Required).await;
    let response = call(
        &fx,
        Who::StaffA,
        "/requests",
        "/api/v1/requests",
        Some(with_language("LANG-R", json!("es"))),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
    let submission: Submission = serde_json::from_slice(&response.bytes).unwrap();
    assert_eq!(submission.language.as_deref(), Some("es"));
    let path = format!("/api/v1/submissions/{}", submission.id);
    let stored = call(&fx, Who::StaffA, "/submissions/{id}", &path, None).await;
    assert_eq!(stored.json()["language"], "es");

    let path = format!("/api/v1/requests/{}/review", submission.id);
    let approved = call(
        &fx,
        Who::Moderator,
        "/requests/{id}/review",
        &path,
        Some(json!({"decision": "approve"})),
    )
    .await;
    assert!(approved.status.is_success(), "{}", approved.text());
    let published: PublishedRequest =
        get(&fx.app, &format!("/api/v1/requests/{}", submission.id)).await;
    assert_eq!(published.language.as_deref(), Some("es"));
    assert!(verify_as_the_app_does(&fx.app, submission.id).await.is_ok());

    // Without a language, a submission and its request have none.
    let response = call(
        &fx,
        Who::StaffA,
        "/requests",
        "/api/v1/requests",
        Some(draft("LANG-R2")),
    )
    .await;
    assert_eq!(response.status, StatusCode::ACCEPTED);
    assert_eq!(response.json()["language"], Value::Null);
}
