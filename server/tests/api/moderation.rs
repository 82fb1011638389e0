//! Review before publishing, resident reports and the public moderation log over HTTP:
//! the whole flow, the rules of each endpoint, races between moderators, and the log
//! never showing a rejected submission's text or contact. Every response is checked
//! against `api/openapi.yaml` too.

use axum::http::{Method, StatusCode};
use porchlight_domain::moderation::prescreen;
use porchlight_domain::public_log::moderation_entry;
use porchlight_domain::wire::{
    AgencyProfile, LogEntries, ModerationLogItem, ModerationLogPage, PublishedRequest,
    RequestModeration, ReviewPolicy, Submission, SubmissionList, SubmissionStatus,
};
use serde_json::{json, Value};
use time::{Duration, OffsetDateTime};

use crate::openapi::{check_response, spec};
use crate::support::{draft, draft_at, Fixture, TestResponse, Who};

/// A fixture under `--review required` that checks every answer against the spec.
struct Flow {
    fx: Fixture,
    spec: Value,
}

impl Flow {
    async fn new() -> Flow {
        Flow {
            fx: Fixture::with_review(ReviewPolicy::Required).await,
            spec: spec(),
        }
    }

    /// Sends `body` to `path` (an instance of `template`) as `who`, and checks the answer
    /// against the spec.
    async fn call(
        &self,
        who: Who,
        method: Method,
        template: &str,
        path: &str,
        body: Option<Value>,
    ) -> TestResponse {
        let response = self
            .fx
            .send_as(who, method.clone(), &format!("/api/v1{path}"), body)
            .await;
        let errors = check_response(&self.spec, method.as_str(), template, &response);
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        response
    }

    async fn get(&self, who: Who, template: &str, path: &str) -> TestResponse {
        self.call(who, Method::GET, template, path, None).await
    }

    /// Sends a draft as staff of agency A: 202 and the pending submission.
    async fn submit(&self, draft: Value) -> Submission {
        let response = self
            .call(
                Who::StaffA,
                Method::POST,
                "/requests",
                "/requests",
                Some(draft),
            )
            .await;
        assert_eq!(response.status, StatusCode::ACCEPTED, "{}", response.text());
        let submission: Submission = serde_json::from_slice(&response.bytes).unwrap();
        assert_eq!(
            response.header("location"),
            Some(format!("/api/v1/submissions/{}", submission.id).as_str())
        );
        submission
    }

    async fn review(&self, who: Who, id: i64, body: Value) -> TestResponse {
        let path = format!("/requests/{id}/review");
        self.call(
            who,
            Method::POST,
            "/requests/{id}/review",
            &path,
            Some(body),
        )
        .await
    }

    /// A resident's report of `id`.
    async fn report(&self, id: i64, body: Value) -> TestResponse {
        let path = format!("/requests/{id}/reports");
        self.call(
            Who::Resident,
            Method::POST,
            "/requests/{id}/reports",
            &path,
            Some(body),
        )
        .await
    }

    /// The admin makes the account with `email` a moderator.
    async fn make_moderator(&self, email: &str) -> TestResponse {
        let body = json!({ "email": email });
        self.call(
            Who::Admin,
            Method::POST,
            "/moderators",
            "/moderators",
            Some(body),
        )
        .await
    }

    async fn moderation(&self, who: Who, id: i64) -> RequestModeration {
        let path = format!("/requests/{id}/moderation");
        let response = self.get(who, "/requests/{id}/moderation", &path).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
        serde_json::from_slice(&response.bytes).unwrap()
    }

    async fn log(&self, query: &str) -> (ModerationLogPage, String) {
        let response = self
            .get(
                Who::Anonymous,
                "/moderation/log",
                &format!("/moderation/log{query}"),
            )
            .await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.text());
        (
            serde_json::from_slice(&response.bytes).unwrap(),
            response.text(),
        )
    }

    async fn feed_ids(&self) -> Vec<i64> {
        let response = self
            .get(Who::Anonymous, "/requests", "/requests?limit=200")
            .await;
        ids(&response.json()["items"])
    }

    async fn profile(&self) -> AgencyProfile {
        let response = self
            .get(Who::Anonymous, "/agencies/{slug}", "/agencies/agency-a")
            .await;
        assert_eq!(response.status, StatusCode::OK);
        serde_json::from_slice(&response.bytes).unwrap()
    }
}

fn ids(items: &Value) -> Vec<i64> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_i64().unwrap())
        .collect()
}

fn reject_body(reason: &str, note: &str) -> Value {
    json!({"decision": "reject", "reasons": [reason], "note": note})
}

/// A draft with text and contact that must never be in the public moderation log.
fn secret_draft(case_number: &str) -> Value {
    let mut body = draft_at(case_number, -122.66, 45.52);
    body["incident_type"] = json!("vandalism");
    body["title"] = json!("People at the march on Hawthorne, SECRET-TITLE-4411");
    body["description"] =
        json!("Looking for footage of who joined the protest march, SECRET-DESCRIPTION-9172.");
    body["contact"] = json!({"email": "secret-contact@victim.example", "phone": "+1 503 555 0199"});
    body
}

const SECRETS: [&str; 5] = [
    "SECRET-TITLE-4411",
    "SECRET-DESCRIPTION-9172",
    "secret-contact@victim.example",
    "+1 503 555 0199",
    "People at the march",
];

#[tokio::test]
async fn the_whole_flow_of_review_reports_and_the_public_log() {
    let flow = Flow::new().await;
    let fx = &flow.fx;

    // The deployment says it reviews.
    let config = flow.get(Who::Anonymous, "/config", "/config").await.json();
    assert_eq!(config["review"], "required");

    // 1. The officer submits: 202, pending, with the pre-screen's concerns.
    let mut worded = draft("26-7001");
    worded["description"] =
        json!("Looking for footage of a person at the rally. You must share any video you have.");
    let first = flow.submit(worded.clone()).await;
    assert_eq!(first.status, SubmissionStatus::PendingReview);
    assert_eq!(first.review, None);
    assert_eq!(first.agency.slug, "agency-a");
    let expected = prescreen(
        worded["title"].as_str().unwrap(),
        worded["description"].as_str().unwrap(),
    );
    assert!(!expected.is_empty(), "the pre-screen flags the draft");
    assert_eq!(first.concerns, expected);
    let second = flow.submit(secret_draft("26-7002")).await;
    assert!(second.id > first.id);

    // Invisible to the public: not on the feed, map, profile or exports; no request.
    for id in [first.id, second.id] {
        let path = format!("/requests/{id}");
        let response = flow.get(Who::Anonymous, "/requests/{id}", &path).await;
        assert_eq!(response.status, StatusCode::NOT_FOUND);
        let response = flow
            .get(
                Who::Anonymous,
                "/requests/{id}/moderation",
                &format!("/requests/{id}/moderation"),
            )
            .await;
        assert_eq!(response.status, StatusCode::NOT_FOUND);
        // Nor resolvable.
        let resolution = format!("/requests/{id}/resolution");
        let response = flow
            .call(
                Who::StaffA,
                Method::POST,
                "/requests/{id}/resolution",
                &resolution,
                None,
            )
            .await;
        assert_eq!(response.status, StatusCode::NOT_FOUND);
    }
    assert!(flow.feed_ids().await.is_empty());
    let grid = flow
        .get(
            Who::Anonymous,
            "/requests/grid",
            "/requests/grid?bbox=-123,45,-122,46&zoom=10",
        )
        .await
        .json();
    assert_eq!(grid["total"], 0);
    assert_eq!(flow.profile().await.total_requests, 0);
    let csv = flow
        .get(
            Who::Anonymous,
            "/agencies/{slug}/requests.csv",
            "/agencies/agency-a/requests.csv",
        )
        .await
        .text();
    assert_eq!(csv.lines().count(), 1, "only the header: {csv}");
    let geojson = flow
        .get(
            Who::Anonymous,
            "/agencies/{slug}/requests.geojson",
            "/agencies/agency-a/requests.geojson",
        )
        .await
        .json();
    assert_eq!(geojson["features"], json!([]));

    // Its agency's staff and moderators see it; others do not.
    let path = format!("/submissions/{}", first.id);
    for (who, status) in [
        (Who::StaffA, StatusCode::OK),
        (Who::Moderator, StatusCode::OK),
        (Who::StaffB, StatusCode::FORBIDDEN),
        (Who::Resident, StatusCode::FORBIDDEN),
        (Who::Admin, StatusCode::FORBIDDEN),
        (Who::Anonymous, StatusCode::UNAUTHORIZED),
    ] {
        let response = flow.get(who, "/submissions/{id}", &path).await;
        assert_eq!(response.status, status, "{who:?}");
        if status == StatusCode::OK {
            let seen: Submission = serde_json::from_slice(&response.bytes).unwrap();
            assert_eq!(seen, first);
        }
    }
    let listed = flow
        .get(
            Who::StaffA,
            "/agencies/{slug}/submissions",
            "/agencies/agency-a/submissions",
        )
        .await;
    let listed: SubmissionList = serde_json::from_slice(&listed.bytes).unwrap();
    let listed: Vec<i64> = listed.items.iter().map(|s| s.id).collect();
    assert_eq!(listed, [second.id, first.id], "newest first");

    // 2. The moderator's queue: oldest first, with the concerns.
    let queue = flow
        .get(Who::Moderator, "/moderation/queue", "/moderation/queue")
        .await;
    let queue: SubmissionList = serde_json::from_slice(&queue.bytes).unwrap();
    let queued: Vec<i64> = queue.items.iter().map(|s| s.id).collect();
    assert_eq!(queued, [first.id, second.id], "oldest first");
    assert_eq!(queue.items[0].concerns, expected);

    // 3. Approval publishes it, with the approval time as its publication time.
    fx.app.state.clock.advance(Duration::minutes(45));
    let approved = flow
        .review(Who::Moderator, first.id, json!({"decision": "approve"}))
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text());
    let approved: Submission = serde_json::from_slice(&approved.bytes).unwrap();
    assert_eq!(approved.status, SubmissionStatus::Approved);
    let review = approved.review.clone().expect("the review");
    assert!(review.reasons.is_empty() && review.note.is_none());
    assert!(review.log_index.is_some());
    assert!(review.decided_at >= first.submitted_at + Duration::minutes(45));
    let path = format!("/requests/{}", first.id);
    let published = flow.get(Who::Anonymous, "/requests/{id}", &path).await;
    assert_eq!(published.status, StatusCode::OK);
    let published: PublishedRequest = serde_json::from_slice(&published.bytes).unwrap();
    assert_eq!(published.created_at, review.decided_at);
    assert_eq!(published.title, first.title);
    assert_eq!(flow.feed_ids().await, [first.id]);
    assert_eq!(
        flow.moderation(Who::Anonymous, first.id).await.reviewed_at,
        Some(review.decided_at)
    );
    // Once.
    let again = flow
        .review(
            Who::Moderator,
            first.id,
            reject_body("other", "Changed my mind."),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "already_decided");

    // 4. Rejection for lawful activity: public in the log, without its text or contact.
    let rejected = flow
        .review(
            Who::Moderator,
            second.id,
            reject_body(
                "lawful_activity",
                "Asks who joined a march: lawful activity such as a protest.",
            ),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.text());
    let rejected: Submission = serde_json::from_slice(&rejected.bytes).unwrap();
    assert_eq!(rejected.status, SubmissionStatus::Rejected);
    let path = format!("/requests/{}", second.id);
    assert_eq!(
        flow.get(Who::Anonymous, "/requests/{id}", &path)
            .await
            .status,
        StatusCode::NOT_FOUND,
        "a rejected submission is never published"
    );
    // Its agency still sees it, with the decision.
    let seen = flow
        .get(
            Who::StaffA,
            "/submissions/{id}",
            &format!("/submissions/{}", second.id),
        )
        .await;
    let seen: Submission = serde_json::from_slice(&seen.bytes).unwrap();
    assert_eq!(seen.review.unwrap().reasons.len(), 1);

    let (page, text) = flow.log("").await;
    let item = page
        .items
        .iter()
        .find(|i| i.subject_id == second.id)
        .expect("the rejection is in the log");
    assert_eq!(item.action.as_str(), "reject");
    assert_eq!(item.decided_by, "moderator");
    assert_eq!(item.agency.slug, "agency-a");
    assert_eq!(item.reasons[0].code(), "lawful_activity");
    let public = item.rejected.as_ref().expect("what is public of it");
    assert_eq!(public.incident_type, "vandalism");
    assert_eq!(public.area, second.area);
    assert_eq!(public.time_frame, second.time_frame);
    assert_eq!(public.submitted_at, second.submitted_at);
    for secret in SECRETS {
        assert!(!text.contains(secret), "the log shows {secret:?}: {text}");
    }
    let csv = flow
        .get(Who::Anonymous, "/moderation/log.csv", "/moderation/log.csv")
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.header("content-disposition"),
        Some("attachment; filename=\"moderation-log.csv\"")
    );
    let csv = csv.text();
    for secret in SECRETS {
        assert!(!csv.contains(secret), "the CSV shows {secret:?}: {csv}");
    }
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = records
        .iter()
        .find(|r| r[column("decision")] == *"reject")
        .unwrap();
    assert_eq!(&row[column("subject_id")], second.id.to_string());
    assert_eq!(&row[column("reasons")], "lawful_activity");
    assert_eq!(&row[column("rejected_incident_type")], "vandalism");
    assert_eq!(
        &row[column("rejected_time_frame_end")],
        second.time_frame.end
    );
    let area: Value = serde_json::from_str(&row[column("rejected_area_geojson")]).unwrap();
    assert_eq!(area["coordinates"], json!(second.area.coordinates));

    // 5. A resident reports the published request, once.
    let path = format!("/requests/{}/reports", first.id);
    let body = json!({"reason": "pressure_language", "comment": "It says we must share."});
    let reported = flow
        .call(
            Who::Resident,
            Method::POST,
            "/requests/{id}/reports",
            &path,
            Some(body.clone()),
        )
        .await;
    assert_eq!(reported.status, StatusCode::CREATED, "{}", reported.text());
    let reported: RequestModeration = serde_json::from_slice(&reported.bytes).unwrap();
    assert_eq!(reported.report_count, 1);
    assert!(reported.reported_by_me);
    let twice = flow
        .call(
            Who::Resident,
            Method::POST,
            "/requests/{id}/reports",
            &path,
            Some(body),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    assert_eq!(twice.error_code(), "already_reported");
    let public = flow.moderation(Who::Anonymous, first.id).await;
    assert_eq!(public.report_count, 1);
    assert!(!public.reported_by_me, "signed out");
    assert!(
        flow.moderation(Who::Resident, first.id)
            .await
            .reported_by_me
    );
    assert!(!flow.moderation(Who::StaffB, first.id).await.reported_by_me);

    // Moderators see the report, never who made it.
    let reports = flow
        .get(Who::Moderator, "/moderation/reports", "/moderation/reports")
        .await;
    let text = reports.text();
    assert!(!text.contains("resident@test.example"), "{text}");
    let reports = reports.json();
    assert_eq!(
        ids(&json!(reports["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["request"].clone())
            .collect::<Vec<_>>())),
        [first.id]
    );
    assert_eq!(
        reports["items"][0]["reports"][0]["reason"],
        "pressure_language"
    );
    assert_eq!(
        reports["items"][0]["reports"][0]["comment"],
        "It says we must share."
    );

    // 6. The moderator upholds: a permanent finding; the request leaves the feed.
    let path = format!("/requests/{}/reports/decision", first.id);
    let uphold = json!({
        "decision": "uphold",
        "reasons": ["pressure_language"],
        "note": "Told residents they had to share footage."
    });
    let decided = flow
        .call(
            Who::Moderator,
            Method::POST,
            "/requests/{id}/reports/decision",
            &path,
            Some(uphold.clone()),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text());
    let upheld: ModerationLogItem = serde_json::from_slice(&decided.bytes).unwrap();
    assert_eq!(upheld.action.as_str(), "uphold");
    assert_eq!(upheld.report_count, Some(1));
    assert_eq!(upheld.subject_id, first.id);
    let again = flow
        .call(
            Who::Moderator,
            Method::POST,
            "/requests/{id}/reports/decision",
            &path,
            Some(uphold),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "no_open_reports");

    let moderation = flow.moderation(Who::Anonymous, first.id).await;
    assert_eq!(moderation.findings.len(), 1);
    let finding = &moderation.findings[0];
    assert_eq!(finding.decision_id, upheld.id);
    assert_eq!(finding.note, "Told residents they had to share footage.");
    assert_eq!(flow.profile().await.findings, moderation.findings);
    assert!(flow.feed_ids().await.is_empty(), "gone from the feed");
    let grid = flow
        .get(
            Who::Anonymous,
            "/requests/grid",
            "/requests/grid?bbox=-123,45,-122,46&zoom=10",
        )
        .await
        .json();
    assert_eq!(grid["total"], 0, "gone from the map");
    // Still on its page, its agency's history and the exports.
    let path = format!("/requests/{}", first.id);
    assert_eq!(
        flow.get(Who::Anonymous, "/requests/{id}", &path)
            .await
            .status,
        StatusCode::OK
    );
    let history = flow
        .get(
            Who::Anonymous,
            "/agencies/{slug}/requests",
            "/agencies/agency-a/requests",
        )
        .await
        .json();
    assert_eq!(ids(&history["items"]), [first.id]);
    let csv = flow
        .get(
            Who::Anonymous,
            "/agencies/{slug}/requests.csv",
            "/agencies/agency-a/requests.csv",
        )
        .await
        .text();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(&record[column("id")], first.id.to_string());
    assert_eq!(&record[column("reviewed_at")], rfc3339(review.decided_at));
    assert_eq!(
        &record[column("policy_finding_reasons")],
        "pressure_language"
    );
    assert_eq!(
        &record[column("policy_finding_notes")],
        "Told residents they had to share footage."
    );
    let geojson = flow
        .get(
            Who::Anonymous,
            "/agencies/{slug}/requests.geojson",
            "/agencies/agency-a/requests.geojson",
        )
        .await
        .json();
    let properties = &geojson["features"][0]["properties"];
    assert_eq!(properties["reviewed_at"], rfc3339(review.decided_at));
    assert_eq!(
        properties["policy_findings"][0]["reasons"],
        json!(["pressure_language"])
    );

    // 7. The log: every decision, newest first, each an entry of the public log.
    let (page, _) = flow.log("").await;
    let actions: Vec<&str> = page.items.iter().map(|i| i.action.as_str()).collect();
    assert_eq!(actions, ["uphold", "reject", "approve"]);
    assert_eq!(page.next, None);
    let size = fx.app.state.db.log_size().await.unwrap();
    let entries = flow
        .get(
            Who::Anonymous,
            "/log/entries",
            &format!("/log/entries?start=0&end={size}"),
        )
        .await;
    let entries: LogEntries = serde_json::from_slice(&entries.bytes).unwrap();
    for item in &page.items {
        let index = item.log_index.expect("logged") as usize;
        assert_eq!(
            entries.entries[index].entry,
            moderation_entry(item).unwrap()
        );
        for secret in SECRETS {
            assert!(!entries.entries[index].entry.contains(secret));
        }
    }
    // The approval's entry comes right before the published request's.
    let approval = page
        .items
        .iter()
        .find(|i| i.subject_id == first.id && i.action.as_str() == "approve")
        .unwrap();
    assert_eq!(
        published.log_index,
        Some(approval.log_index.unwrap() + 1),
        "{entries:?}"
    );
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[tokio::test]
async fn with_review_off_requests_publish_at_once_without_review() {
    let fx = Fixture::new().await;
    let config = fx.app.get("/api/v1/config").await.json();
    assert_eq!(config["review"], "off");
    let response = fx
        .send_as(
            Who::StaffA,
            Method::POST,
            "/api/v1/requests",
            Some(draft("26-8001")),
        )
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    let id = response.json()["id"].as_i64().unwrap();
    assert_eq!(
        response.header("location"),
        Some(format!("/api/v1/requests/{id}").as_str())
    );
    let moderation = fx
        .app
        .get(&format!("/api/v1/requests/{id}/moderation"))
        .await;
    assert_eq!(moderation.status, StatusCode::OK);
    let moderation: RequestModeration = serde_json::from_slice(&moderation.bytes).unwrap();
    assert_eq!(moderation.reviewed_at, None, "published without review");
    assert_eq!(moderation.report_count, 0);
    assert!(moderation.findings.is_empty());
    // Nothing to review: it is not a submission.
    let path = format!("/api/v1/submissions/{id}");
    let response = fx.send_as(Who::StaffA, Method::GET, &path, None).await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    let response = fx
        .send_as(
            Who::Moderator,
            Method::POST,
            &format!("/api/v1/requests/{id}/review"),
            Some(json!({"decision": "approve"})),
        )
        .await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    let csv = fx
        .app
        .get("/api/v1/agencies/agency-a/requests.csv")
        .await
        .text();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let record = reader.records().next().unwrap().unwrap();
    let reviewed = headers.iter().position(|h| h == "reviewed_at").unwrap();
    assert_eq!(&record[reviewed], "");
}

#[tokio::test]
async fn two_moderators_deciding_at_once_make_one_decision() {
    let flow = Flow::new().await;
    let fx = &flow.fx;
    // A second moderator, made by the admin.
    let email = "second-moderator@test.example";
    let registered = fx
        .app
        .send(
            Method::POST,
            "/api/v1/auth/register",
            Some(json!({"email": email, "password": crate::support::PASSWORD, "display_name": "Second"})),
            None,
        )
        .await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let made = flow
        .call(
            Who::Admin,
            Method::POST,
            "/moderators",
            "/moderators",
            Some(json!({ "email": email })),
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text());
    assert_eq!(made.json()["role"], "moderator");
    let login = fx
        .app
        .send(
            Method::POST,
            "/api/v1/auth/login",
            Some(json!({"email": email, "password": crate::support::PASSWORD})),
            None,
        )
        .await;
    let second_cookie = login
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let first_cookie = fx.cookie(Who::Moderator).await.unwrap();

    for (round, bodies) in [
        [
            json!({"decision": "approve"}),
            json!({"decision": "approve"}),
        ],
        [
            json!({"decision": "approve"}),
            reject_body("general_announcement", "An announcement."),
        ],
        [
            reject_body("other", "No incident."),
            reject_body("harassment", "Targets a person."),
        ],
    ]
    .into_iter()
    .enumerate()
    {
        let submission = flow.submit(draft(&format!("RACE-{round}"))).await;
        let path = format!("/api/v1/requests/{}/review", submission.id);
        let [a, b] = bodies;
        let (first, second) = tokio::join!(
            fx.app
                .send(Method::POST, &path, Some(a.clone()), Some(&first_cookie)),
            fx.app
                .send(Method::POST, &path, Some(b.clone()), Some(&second_cookie)),
        );
        let mut statuses = [first.status.as_u16(), second.status.as_u16()];
        statuses.sort();
        assert_eq!(
            statuses,
            [200, 409],
            "round {round}: {} / {}",
            first.text(),
            second.text()
        );
        let (winner, body) = if first.status == StatusCode::OK {
            (&first, &a)
        } else {
            (&second, &b)
        };
        let loser = if first.status == StatusCode::OK {
            &second
        } else {
            &first
        };
        assert_eq!(loser.error_code(), "already_decided");
        let decided: Submission = serde_json::from_slice(&winner.bytes).unwrap();
        let stored = flow
            .get(
                Who::Moderator,
                "/submissions/{id}",
                &format!("/submissions/{}", submission.id),
            )
            .await;
        let stored: Submission = serde_json::from_slice(&stored.bytes).unwrap();
        assert_eq!(stored, decided, "the winner's decision stands");
        let expected = if body["decision"] == "approve" {
            SubmissionStatus::Approved
        } else {
            SubmissionStatus::Rejected
        };
        assert_eq!(stored.status, expected);
        // One decision in the log, and a request only if approved.
        let (page, _) = flow.log("?limit=200").await;
        let decisions = page
            .items
            .iter()
            .filter(|i| i.subject_id == submission.id)
            .count();
        assert_eq!(decisions, 1, "round {round}");
        let published = fx.app.state.db.request(submission.id).await.unwrap();
        assert_eq!(published.is_some(), expected == SubmissionStatus::Approved);
    }
}

#[tokio::test]
async fn approval_checks_the_draft_again_at_the_approval_time() {
    let flow = Flow::new().await;
    let fx = &flow.fx;
    // A time frame that ended 179 days ago: valid now, too old in two days.
    let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
    let mut old = draft("26-9001");
    old["time_frame"] = json!({
        "start": rfc3339(now - Duration::days(179) - Duration::hours(2)),
        "end": rfc3339(now - Duration::days(179)),
    });
    let submission = flow.submit(old).await;
    fx.app.state.clock.advance(Duration::days(2));
    let refused = flow
        .review(
            Who::Moderator,
            submission.id,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.error_code(), "time_frame_too_old");
    assert_eq!(
        refused.json()["error"]["field"],
        porchlight_domain::DraftError::TimeFrameTooOld.field()
    );
    // Nothing happened: still pending, not published, not in the log.
    let (_, stored) = fx
        .app
        .state
        .db
        .submission(submission.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.status, SubmissionStatus::PendingReview);
    assert_eq!(fx.app.state.db.request(submission.id).await.unwrap(), None);
    assert!(flow.log("").await.0.items.is_empty());
    // It can still be rejected.
    let rejected = flow
        .review(
            Who::Moderator,
            submission.id,
            reject_body("no_active_investigation", "The footage window is too old."),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK, "{}", rejected.text());
}

#[tokio::test]
async fn pending_submissions_count_toward_the_case_limit_and_rejected_ones_do_not() {
    let flow = Flow::new().await;
    let a = flow.submit(draft("26-CASE")).await;
    flow.submit(draft_at("26-CASE", -122.65, 45.53)).await;
    let third = flow
        .call(
            Who::StaffA,
            Method::POST,
            "/requests",
            "/requests",
            Some(draft_at("26-CASE", -122.64, 45.54)),
        )
        .await;
    assert_eq!(third.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(third.error_code(), "case_limit_reached");
    let rejected = flow
        .review(
            Who::Moderator,
            a.id,
            reject_body("other", "Not one incident."),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::OK);
    // The agency may send a corrected one.
    flow.submit(draft_at("26-CASE", -122.64, 45.54)).await;
}

#[tokio::test]
async fn bad_decisions_and_reports_are_refused_with_their_codes() {
    let flow = Flow::new().await;
    let submission = flow.submit(draft("26-BAD")).await;
    let id = submission.id;
    let codes = |response: &TestResponse| -> Vec<(String, String)> {
        response.json()["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["code"].as_str().unwrap().to_owned(),
                    e["field"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(c, f)| (c.to_string(), f.to_string()))
            .collect()
    };
    for (body, expected) in [
        (
            json!({"decision": "reject"}),
            pairs(&[("reasons_required", "reasons"), ("note_required", "note")]),
        ),
        (
            json!({"decision": "approve", "reasons": ["other"]}),
            pairs(&[("reasons_not_allowed", "reasons")]),
        ),
        (
            json!({"decision": "reject", "reasons": ["rude"], "note": "x"}),
            pairs(&[("reason_invalid", "reasons")]),
        ),
        (
            json!({"decision": "reject", "reasons": ["other"], "note": "x".repeat(1001)}),
            pairs(&[("note_too_long", "note")]),
        ),
    ] {
        let response = flow.review(Who::Moderator, id, body.clone()).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(codes(&response), expected, "{body}");
    }
    let unknown_shape = flow
        .review(Who::Moderator, id, json!({"decision": "maybe"}))
        .await;
    assert_eq!(unknown_shape.status, StatusCode::UNPROCESSABLE_ENTITY);
    let missing = flow
        .review(Who::Moderator, 999_999, json!({"decision": "approve"}))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.error_code(), "not_found");
    // Still pending after all that.
    let (_, stored) = flow.fx.app.state.db.submission(id).await.unwrap().unwrap();
    assert_eq!(stored.status, SubmissionStatus::PendingReview);

    // Reports: of published requests only, with a reason from the list.
    let pending = flow.report(id, json!({"reason": "other"})).await;
    assert_eq!(pending.status, StatusCode::NOT_FOUND, "not published");
    let unknown = flow.report(999_999, json!({"reason": "other"})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let approved = flow
        .review(Who::Moderator, id, json!({"decision": "approve"}))
        .await;
    assert_eq!(approved.status, StatusCode::OK);
    let bad = flow
        .report(id, json!({"reason": "spam", "comment": "y".repeat(1001)}))
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        codes(&bad),
        pairs(&[
            ("reason_invalid", "reason"),
            ("comment_too_long", "comment")
        ])
    );
    let control = flow
        .report(id, json!({"reason": "other", "comment": "bad\u{7}"}))
        .await;
    assert_eq!(
        codes(&control),
        pairs(&[("text_control_character", "comment")])
    );

    // Deciding needs open reports.
    let path = format!("/requests/{id}/reports/decision");
    let none = flow
        .call(
            Who::Moderator,
            Method::POST,
            "/requests/{id}/reports/decision",
            &path,
            Some(json!({"decision": "dismiss"})),
        )
        .await;
    assert_eq!(none.status, StatusCode::CONFLICT);
    assert_eq!(none.error_code(), "no_open_reports");
    let unknown = flow
        .call(
            Who::Moderator,
            Method::POST,
            "/requests/{id}/reports/decision",
            "/requests/999999/reports/decision",
            Some(json!({"decision": "dismiss"})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let reasons_needed = flow
        .call(
            Who::Moderator,
            Method::POST,
            "/requests/{id}/reports/decision",
            &path,
            Some(json!({"decision": "uphold", "note": "Bad."})),
        )
        .await;
    assert_eq!(reasons_needed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reasons_needed.error_code(), "reasons_required");

    // A dismissal: the reports are settled, no finding, still on the feed.
    assert_eq!(
        flow.report(id, json!({"reason": "other"})).await.status,
        StatusCode::CREATED
    );
    let dismissed = flow
        .call(
            Who::Moderator,
            Method::POST,
            "/requests/{id}/reports/decision",
            &path,
            Some(json!({"decision": "dismiss"})),
        )
        .await;
    assert_eq!(dismissed.status, StatusCode::OK, "{}", dismissed.text());
    assert_eq!(dismissed.json()["action"], "dismiss");
    assert!(flow
        .moderation(Who::Anonymous, id)
        .await
        .findings
        .is_empty());
    assert_eq!(flow.feed_ids().await, [id]);
    let reports = flow
        .get(Who::Moderator, "/moderation/reports", "/moderation/reports")
        .await
        .json();
    assert_eq!(reports["items"], json!([]));
}

#[tokio::test]
async fn the_log_pages_filters_and_refuses_bad_parameters() {
    let flow = Flow::new().await;
    let mut decided = Vec::new();
    for n in 0..5 {
        let submission = flow.submit(draft(&format!("26-LOG-{n}"))).await;
        let body = if n % 2 == 0 {
            json!({"decision": "approve"})
        } else {
            reject_body("other", "Not one incident.")
        };
        assert_eq!(
            flow.review(Who::Moderator, submission.id, body)
                .await
                .status,
            StatusCode::OK
        );
        decided.push(submission.id);
    }
    // Pages of two, newest first, until `next` is null.
    let mut seen = Vec::new();
    let mut query = "?limit=2".to_owned();
    loop {
        let (page, _) = flow.log(&query).await;
        assert!(page.items.len() <= 2);
        seen.extend(page.items.iter().map(|i| i.subject_id));
        match page.next {
            Some(next) => query = format!("?limit=2&before={next}"),
            None => break,
        }
    }
    decided.reverse();
    assert_eq!(seen, decided);
    let (rejections, _) = flow.log("?decision=reject&agency=agency-a").await;
    assert_eq!(rejections.items.len(), 2);
    assert!(rejections
        .items
        .iter()
        .all(|i| i.action.as_str() == "reject"));
    let (other_agency, _) = flow.log("?agency=agency-b").await;
    assert!(other_agency.items.is_empty());
    let csv = flow
        .get(
            Who::Anonymous,
            "/moderation/log.csv",
            "/moderation/log.csv?decision=approve&agency=agency-a",
        )
        .await;
    assert_eq!(
        csv.header("content-disposition"),
        Some("attachment; filename=\"agency-a-moderation-log.csv\"")
    );
    assert_eq!(csv.text().lines().count(), 1 + 3);

    for (query, status, code) in [
        ("?decision=maybe", 400, "invalid_decision"),
        ("?before=abc", 400, "invalid_cursor"),
        ("?before=-3", 400, "invalid_cursor"),
        ("?limit=0", 400, "invalid_limit"),
        ("?limit=201", 400, "invalid_limit"),
        ("?agency=nobody", 404, "not_found"),
    ] {
        for template in ["/moderation/log", "/moderation/log.csv"] {
            let response = flow
                .get(Who::Anonymous, template, &format!("{template}{query}"))
                .await;
            assert_eq!(response.status.as_u16(), status, "{template}{query}");
            assert_eq!(response.error_code(), code, "{template}{query}");
        }
    }
}

#[tokio::test]
async fn admins_make_moderators_and_no_one_is_both_staff_and_moderator() {
    let flow = Flow::new().await;
    let made = flow.make_moderator("resident@test.example").await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text());
    assert_eq!(made.json()["role"], "moderator");
    for (email, status, code) in [
        ("resident@test.example", 409, "already_moderator"),
        ("staff-a@test.example", 409, "account_is_staff"),
        ("admin@test.example", 409, "account_is_admin"),
        ("nobody@test.example", 404, "not_found"),
    ] {
        let response = flow.make_moderator(email).await;
        assert_eq!(response.status.as_u16(), status, "{email}");
        assert_eq!(response.error_code(), code, "{email}");
        assert_eq!(response.json()["error"]["field"], "email");
    }
    // And a moderator cannot become staff.
    let staff = flow
        .call(
            Who::Admin,
            Method::POST,
            "/agencies/{slug}/staff",
            "/agencies/agency-a/staff",
            Some(json!({"email": "moderator@test.example"})),
        )
        .await;
    assert_eq!(staff.status, StatusCode::CONFLICT);
    assert_eq!(staff.error_code(), "account_is_moderator");
    let me = flow.get(Who::Moderator, "/me", "/me").await.json();
    assert_eq!(me["role"], "moderator");
    assert_eq!(me["agency"], Value::Null);
}
