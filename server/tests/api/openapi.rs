//! `api/openapi.yaml` must match the code. The spec is written by hand (the wire types
//! live in the domain crate, which the app also compiles to wasm, so they carry no
//! OpenAPI derives); these tests keep it true:
//! - its paths are exactly the paths the route modules register (source scan);
//! - every documented method is routed, every undocumented one answers 405;
//! - every response of the authorization table and the bad-input calls has a documented
//!   status and a body that validates against the documented schema (the `jsonschema`
//!   crate, JSON Schema 2020-12 as OpenAPI 3.1 uses it, formats asserted);
//! - every example in the spec validates against its schema and deserialises into the
//!   Rust wire type.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{draft, Fixture, TestResponse, Who};

const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// The parsed spec.
pub fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../api/openapi.yaml");
    let text = std::fs::read_to_string(path).expect("api/openapi.yaml");
    serde_yaml::from_str(&text).expect("api/openapi.yaml is YAML")
}

/// Every documented (METHOD, path template).
pub fn operations() -> BTreeSet<(String, String)> {
    let spec = spec();
    let mut ops = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in METHODS {
            if item.get(method.to_lowercase()).is_some() {
                ops.insert((method.to_owned(), path.clone()));
            }
        }
    }
    ops
}

/// Path templates registered with `.route("…", …)` in `server/src/routes/*.rs`.
fn routed_paths() -> BTreeSet<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes");
    let mut paths = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for piece in source.split(".route(").skip(1) {
            let literal = piece
                .trim_start()
                .strip_prefix('"')
                .expect("route path is a string literal");
            paths.insert(literal.split('"').next().unwrap().to_owned());
        }
    }
    paths
}

fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("local $ref");
            resolve(
                spec,
                spec.pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling {reference}")),
            )
        }
        None => value,
    }
}

/// Validates `value` against `schema` (a schema object of the spec or a `$ref` into its
/// components) with the `jsonschema` crate, as JSON Schema 2020-12 (OpenAPI 3.1's
/// dialect) with `format` asserted. The spec's `components` ride along in the root so
/// that every `#/components/...` reference resolves as it does in the spec.
pub fn check(spec: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let mut root = match schema {
        Value::Object(object) => object.clone(),
        other => panic!("schema at {at} is not an object: {other}"),
    };
    root.insert("components".to_owned(), spec["components"].clone());
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&Value::Object(root))
        .unwrap_or_else(|err| panic!("schema at {at} does not compile: {err}"));
    for error in validator.iter_errors(value) {
        errors.push(format!("{at}{}: {error}", error.instance_path()));
    }
}

/// Checks one response against the spec: the status is documented for the operation,
/// and the body matches the documented schema (or is empty when none is documented).
pub fn check_response(
    spec: &Value,
    method: &str,
    template: &str,
    response: &TestResponse,
) -> Vec<String> {
    let what = format!("{method} {template} → {}", response.status.as_u16());
    let operation = &spec["paths"][template][method.to_lowercase()];
    let foreign_origin = response.status == StatusCode::FORBIDDEN
        && response.json()["error"]["code"] == "cross_origin_refused";
    if operation.is_null() && (response.status == StatusCode::METHOD_NOT_ALLOWED || foreign_origin)
    {
        // An operation the spec does not list: its conventions promise a 405 with the
        // error body and an `Allow` header, or (before any routing) the refusal of a
        // state-changing request from another origin.
        let mut errors = Vec::new();
        if !foreign_origin && response.header("allow").is_none() {
            errors.push(format!("{what}: no Allow header"));
        }
        let body = json!({"$ref": "#/components/schemas/ApiErrorBody"});
        check(spec, &body, &response.json(), &what, &mut errors);
        return errors;
    }
    let Some(documented) = operation["responses"].get(response.status.as_str()) else {
        return vec![format!(
            "{what}: status not documented ({})",
            response.text()
        )];
    };
    let documented = resolve(spec, documented);
    let mut errors = Vec::new();
    // Downloads (CSV, GeoJSON) are documented under their own media type.
    let media_type = response
        .header("content-type")
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim();
    if !media_type.is_empty() && media_type != "application/json" {
        let key = media_type.replace('/', "~1");
        match documented.pointer(&format!("/content/{key}/schema")) {
            Some(schema) if media_type.ends_with("json") => {
                check(spec, schema, &response.json(), &what, &mut errors)
            }
            Some(_) => {}
            None => errors.push(format!("{what}: media type {media_type} not documented")),
        }
        return errors;
    }
    match documented.pointer("/content/application~1json/schema") {
        Some(schema) => check(spec, schema, &response.json(), &what, &mut errors),
        None if !response.bytes.is_empty() => {
            errors.push(format!("{what}: undocumented body {}", response.text()))
        }
        None => {}
    }
    errors
}

#[test]
fn spec_paths_are_the_routed_paths() {
    let documented: BTreeSet<String> = operations().into_iter().map(|(_, p)| p).collect();
    assert_eq!(
        documented,
        routed_paths(),
        "api/openapi.yaml paths vs .route() calls in src/routes"
    );
}

#[tokio::test]
async fn documented_methods_are_routed_and_others_are_405() {
    let fx = Fixture::new().await;
    let id = fx.publish(Who::StaffA, draft("PROBE-1")).await;
    let ops = operations();
    let paths: BTreeSet<String> = ops.iter().map(|(_, p)| p.clone()).collect();
    let mut failures = Vec::new();
    for template in &paths {
        let path = format!("/api/v1{template}")
            .replace("{slug}", "agency-a")
            .replace("{file}", "agency-a.atom")
            .replace("{year}", "2026")
            .replace("{id}", &id.to_string());
        for method in METHODS {
            let response = fx
                .send_as(
                    Who::Admin,
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    &path,
                    Some(json!({})),
                )
                .await;
            let code = if response.status.is_success() || response.bytes.is_empty() {
                String::new()
            } else {
                response.error_code()
            };
            let unrouted = code == "method_not_allowed"
                || (code == "not_found"
                    && response.json()["error"]["message"] == "No such API endpoint.");
            let documented = ops.contains(&(method.to_owned(), template.clone()));
            if documented && unrouted {
                failures.push(format!("{method} {template} is documented but not routed"));
            }
            // Undocumented: 405, either the generic code or the immutability one (whose
            // operations the spec's description names instead of listing).
            let refused = response.status == StatusCode::METHOD_NOT_ALLOWED
                && (code == "method_not_allowed" || code == "request_immutable");
            if !documented && !refused {
                failures.push(format!(
                    "{method} {template} is routed ({}) but not documented",
                    response.status
                ));
            }
            if !documented && refused {
                // The `Allow` header names exactly the documented methods (and HEAD, which
                // GET implies and the spec does not list).
                let expected: Vec<&str> = METHODS
                    .into_iter()
                    .filter(|m| ops.contains(&((*m).to_owned(), template.clone())))
                    .collect();
                let mut allow: Vec<&str> = response
                    .header("allow")
                    .unwrap_or_default()
                    .split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .collect();
                allow.retain(|m| *m != "HEAD");
                allow.sort_by_key(|m| METHODS.iter().position(|known| known == m));
                if allow != expected {
                    failures.push(format!(
                        "{method} {template}: Allow {allow:?}, documented {expected:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn every_response_of_the_authorization_table_matches_the_spec() {
    let spec = spec();
    let fx = Fixture::for_many_posts().await;
    let mut failures = Vec::new();
    for (method, template, _, response) in crate::authz::run_table(&fx).await {
        failures.extend(check_response(&spec, method, template, &response));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn error_responses_match_the_spec() {
    let spec = spec();
    let fx = Fixture::new().await;
    let id = fx.publish(Who::StaffA, draft("ERR-1")).await;
    let staff = fx.cookie(Who::StaffA).await;
    let admin = fx.cookie(Who::Admin).await;
    let mut failures = Vec::new();
    let mut expect = |method: &str, template: &str, response: TestResponse, status: u16| {
        if response.status.as_u16() != status {
            failures.push(format!(
                "{method} {template}: expected {status}, got {} {}",
                response.status,
                response.text()
            ));
        }
        failures.extend(check_response(&spec, method, template, &response));
    };
    let raw = |method: Method,
               path: &str,
               content_type: Option<&str>,
               body: Vec<u8>,
               cookie: Option<&str>| {
        let mut builder = axum::http::Request::builder().method(method).uri(path);
        if let Some(ct) = content_type {
            builder = builder.header("content-type", ct);
        }
        if let Some(cookie) = cookie {
            builder = builder.header("cookie", cookie);
        }
        builder.body(axum::body::Body::from(body)).unwrap()
    };
    let a = &fx.app;
    let json_ct = Some("application/json");
    expect(
        "POST",
        "/requests",
        a.raw(raw(
            Method::POST,
            "/api/v1/requests",
            json_ct,
            b"{".to_vec(),
            staff.as_deref(),
        ))
        .await,
        400,
    );
    expect(
        "POST",
        "/requests",
        a.raw(raw(
            Method::POST,
            "/api/v1/requests",
            Some("text/plain"),
            b"{}".to_vec(),
            staff.as_deref(),
        ))
        .await,
        415,
    );
    expect(
        "POST",
        "/requests",
        a.raw(raw(
            Method::POST,
            "/api/v1/requests",
            json_ct,
            vec![b' '; 70 * 1024],
            staff.as_deref(),
        ))
        .await,
        413,
    );
    let mut bad = draft("ERR-2");
    bad["area"]["coordinates"] = json!([[
        [-122.68, 45.515],
        [-122.0, 45.515],
        [-122.0, 46.0],
        [-122.68, 45.515]
    ]]);
    expect(
        "POST",
        "/requests",
        a.send(
            Method::POST,
            "/api/v1/requests",
            Some(bad),
            staff.as_deref(),
        )
        .await,
        422,
    );
    expect(
        "GET",
        "/requests",
        a.get("/api/v1/requests?bbox=1,2,3").await,
        400,
    );
    expect(
        "GET",
        "/requests/{id}",
        a.get("/api/v1/requests/999999").await,
        404,
    );
    expect(
        "GET",
        "/agencies/{slug}",
        a.get("/api/v1/agencies/nope").await,
        404,
    );
    expect(
        "GET",
        "/agencies/{slug}/requests",
        a.get("/api/v1/agencies/nope/requests").await,
        404,
    );
    expect(
        "GET",
        "/agencies/{slug}/requests",
        a.get("/api/v1/agencies/agency-a/requests?before=zz").await,
        400,
    );
    let path = format!("/api/v1/requests/{id}/resolution");
    expect(
        "POST",
        "/requests/{id}/resolution",
        a.send(Method::POST, &path, None, staff.as_deref()).await,
        201,
    );
    expect(
        "POST",
        "/requests/{id}/resolution",
        a.send(Method::POST, &path, None, staff.as_deref()).await,
        409,
    );
    let agency = serde_json::to_value(crate::support::new_agency("agency-a")).unwrap();
    expect(
        "POST",
        "/agencies",
        a.send(
            Method::POST,
            "/api/v1/agencies",
            Some(agency),
            admin.as_deref(),
        )
        .await,
        409,
    );
    let staff_b = json!({"email": "staff-b@test.example"});
    expect(
        "POST",
        "/agencies/{slug}/staff",
        a.send(
            Method::POST,
            "/api/v1/agencies/agency-a/staff",
            Some(staff_b),
            admin.as_deref(),
        )
        .await,
        409,
    );
    let nobody = json!({"email": "nobody@test.example"});
    expect(
        "POST",
        "/agencies/{slug}/staff",
        a.send(
            Method::POST,
            "/api/v1/agencies/agency-a/staff",
            Some(nobody),
            admin.as_deref(),
        )
        .await,
        404,
    );
    let taken = json!({"email": "resident@test.example", "password": crate::support::PASSWORD, "display_name": "Again"});
    expect(
        "POST",
        "/auth/register",
        a.send(Method::POST, "/api/v1/auth/register", Some(taken), None)
            .await,
        409,
    );
    let wrong = json!({"email": "resident@test.example", "password": "not the password"});
    expect(
        "POST",
        "/auth/login",
        a.send(Method::POST, "/api/v1/auth/login", Some(wrong), None)
            .await,
        401,
    );
    // Reports and feeds: a bad year, a bad box, an unknown agency, a zone not in the tz
    // database; and the CSV and Atom forms under their documented media types.
    for (template, path, status) in [
        ("/reports/{year}", "/api/v1/reports/1969", 400),
        ("/reports/{year}", "/api/v1/reports/2026.csv", 200),
        (
            "/agencies/{slug}/reports/{year}",
            "/api/v1/agencies/agency-a/reports/20x6",
            400,
        ),
        (
            "/agencies/{slug}/reports/{year}",
            "/api/v1/agencies/nobody/reports/2026",
            404,
        ),
        (
            "/agencies/{slug}/reports/{year}",
            "/api/v1/agencies/agency-a/reports/2026.csv",
            200,
        ),
        (
            "/feeds/requests.atom",
            "/api/v1/feeds/requests.atom?bbox=1,2,0,3",
            400,
        ),
        (
            "/feeds/requests.atom",
            "/api/v1/feeds/requests.atom?bbox=-123,45,-122,46",
            200,
        ),
        (
            "/feeds/agencies/{file}",
            "/api/v1/feeds/agencies/nobody.atom",
            404,
        ),
        (
            "/feeds/areas/{file}",
            "/api/v1/feeds/areas/unknown-token.atom",
            404,
        ),
        (
            "/alerts/manage/{token}",
            "/api/v1/alerts/manage/unknown-token",
            404,
        ),
    ] {
        expect("GET", template, a.get(path).await, status);
    }
    // Alerts: a subscription that breaks the rules, links that are unknown.
    let too_large = json!({
        "email": "neighbour@example.org",
        "area": {"type": "Polygon", "coordinates": [[[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]}
    });
    expect(
        "POST",
        "/alerts/subscriptions",
        a.send(
            Method::POST,
            "/api/v1/alerts/subscriptions",
            Some(too_large),
            None,
        )
        .await,
        422,
    );
    for template in ["/alerts/confirm/{token}", "/alerts/unsubscribe/{token}"] {
        let path = format!("/api/v1{}", template.replace("{token}", "unknown-token"));
        expect(
            "POST",
            template,
            a.send(Method::POST, &path, None, None).await,
            404,
        );
    }
    expect(
        "DELETE",
        "/alerts/manage/{token}",
        a.send(
            Method::DELETE,
            "/api/v1/alerts/manage/unknown-token",
            None,
            None,
        )
        .await,
        404,
    );
    let mut zoned = serde_json::to_value(crate::support::new_agency("zoned")).unwrap();
    zoned["time_zone"] = json!("Nowhere/Special");
    expect(
        "POST",
        "/agencies",
        a.send(
            Method::POST,
            "/api/v1/agencies",
            Some(zoned),
            admin.as_deref(),
        )
        .await,
        422,
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn examples_match_their_schemas_and_the_wire_types() {
    use porchlight_domain::wire::*;
    let spec = spec();
    let mut failures = Vec::new();
    let mut seen = 0;
    for (name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        let Some(example) = schema.get("example") else {
            continue;
        };
        seen += 1;
        check(
            &spec,
            schema,
            example,
            &format!("example of {name}"),
            &mut failures,
        );
        let parsed = match name.as_str() {
            "ApiErrorBody" => serde_json::from_value::<ApiErrorBody>(example.clone()).map(|_| ()),
            "ClientConfig" => serde_json::from_value::<ClientConfig>(example.clone()).map(|_| ()),
            "Registration" => serde_json::from_value::<Registration>(example.clone()).map(|_| ()),
            "Credentials" => serde_json::from_value::<Credentials>(example.clone()).map(|_| ()),
            "Preferences" => serde_json::from_value::<Preferences>(example.clone()).map(|_| ()),
            "SignedOutEverywhere" => {
                serde_json::from_value::<SignedOutEverywhere>(example.clone()).map(|_| ())
            }
            "NewAgency" => serde_json::from_value::<NewAgency>(example.clone()).map(|_| ()),
            "NewStaff" => serde_json::from_value::<NewStaff>(example.clone()).map(|_| ()),
            "RequestDraftInput" => {
                serde_json::from_value::<RequestDraftInput>(example.clone()).map(|_| ())
            }
            "ResolutionInput" => {
                serde_json::from_value::<ResolutionInput>(example.clone()).map(|_| ())
            }
            "AgencyStats" => serde_json::from_value::<AgencyStats>(example.clone()).map(|_| ()),
            "ReviewInput" => serde_json::from_value::<ReviewInput>(example.clone()).map(|_| ()),
            "ReportInput" => serde_json::from_value::<ReportInput>(example.clone()).map(|_| ()),
            "ReportDecisionInput" => {
                serde_json::from_value::<ReportDecisionInput>(example.clone()).map(|_| ())
            }
            "NewModerator" => serde_json::from_value::<NewModerator>(example.clone()).map(|_| ()),
            "ReportTotals" => serde_json::from_value::<ReportTotals>(example.clone()).map(|_| ()),
            "AlertSubscriptionInput" => {
                serde_json::from_value::<AlertSubscriptionInput>(example.clone()).map(|_| ())
            }
            "AlertSubscriptionAccepted" => {
                serde_json::from_value::<AlertSubscriptionAccepted>(example.clone()).map(|_| ())
            }
            "ReportModeration" => {
                serde_json::from_value::<ReportModeration>(example.clone()).map(|_| ())
            }
            "AgencyKeyInput" => {
                serde_json::from_value::<porchlight_domain::wire::AgencyKeyInput>(example.clone())
                    .map(|_| ())
            }
            "RetentionInput" => {
                serde_json::from_value::<porchlight_domain::wire::RetentionInput>(example.clone())
                    .map(|_| ())
            }
            other => panic!("example of {other} has no wire type here: add it"),
        };
        if let Err(err) = parsed {
            failures.push(format!("example of {name} does not deserialise: {err}"));
        }
    }
    assert!(seen >= 12, "examples went missing");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_checker_catches_drift() {
    // The checker itself must fail on the kinds of drift it is meant to catch.
    let spec = spec();
    let me = json!({"$ref": "#/components/schemas/Me"});
    let good = json!({"id": 1, "email": "a@b.example", "display_name": "A", "role": "resident", "agency": null, "hide_requests": false});
    let mut errors = Vec::new();
    check(&spec, &me, &good, "me", &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    for bad in [
        json!({"id": 1, "email": "a@b.example", "display_name": "A", "role": "resident", "agency": null}),
        json!({"id": 1, "email": "a@b.example", "display_name": "A", "role": "mayor", "agency": null, "hide_requests": false}),
        json!({"id": 1, "email": "a@b.example", "display_name": "A", "role": "resident", "agency": null, "hide_requests": false, "extra": 1}),
        json!({"id": "1", "email": "a@b.example", "display_name": "A", "role": "resident", "agency": null, "hide_requests": false}),
        json!({"id": 1, "email": "a@b.example", "display_name": "A", "role": "resident", "agency": {"slug": 1}, "hide_requests": false}),
    ] {
        let mut errors = Vec::new();
        check(&spec, &me, &bad, "me", &mut errors);
        assert!(!errors.is_empty(), "accepted {bad}");
    }
    // `format` is asserted, not only annotated: a timestamp that is not RFC 3339 fails.
    let mut errors = Vec::new();
    let when = json!({"type": "string", "format": "date-time"});
    check(
        &spec,
        &when,
        &json!("2026-12-06T09:00:00Z"),
        "when",
        &mut errors,
    );
    assert!(errors.is_empty(), "{errors:?}");
    check(&spec, &when, &json!("6 December 2026"), "when", &mut errors);
    assert!(
        !errors.is_empty(),
        "accepted a date-time that is not RFC 3339"
    );
    let response = TestResponse {
        status: StatusCode::IM_A_TEAPOT,
        headers: Default::default(),
        bytes: b"{}".to_vec(),
    };
    assert!(!check_response(&spec, "GET", "/health", &response).is_empty());
}
