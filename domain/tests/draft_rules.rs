//! Table tests for the text, contact, incident-type and case-limit rules, and for a
//! whole draft collecting every error.

use porchlight_domain::wire::{
    AttestationsInput, ContactInput, ErrorDetail, GeoJsonPolygon, RequestDraftInput, TimeFrameInput,
};
use porchlight_domain::{
    CaseNumber, Contact, Description, DraftError, IncidentType, MAX_REQUESTS_PER_CASE,
    RequestDraft, Title,
};
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-11-28 08:00:00 UTC);

fn valid_input() -> RequestDraftInput {
    RequestDraftInput {
        incident_type: "burglary".into(),
        case_number: "26-118233".into(),
        title: "Footage near 5th and Pine".into(),
        description: "Looking for footage of a person carrying a red bicycle.".into(),
        contact: ContactInput {
            email: Some("detective@city.example".into()),
            phone: Some("+1 503 555 0100".into()),
        },
        time_frame: TimeFrameInput {
            start: "2026-11-27T21:00:00Z".into(),
            end: "2026-11-27T23:00:00Z".into(),
        },
        area: GeoJsonPolygon {
            coordinates: vec![vec![
                [-122.68, 45.515],
                [-122.67, 45.515],
                [-122.67, 45.52],
                [-122.68, 45.52],
                [-122.68, 45.515],
            ]],
        },
        attestations: AttestationsInput::CONFIRMED,
        language: None,
    }
}

fn codes(input: &RequestDraftInput, existing: u32) -> Vec<&'static str> {
    RequestDraft::errors(input, NOW, existing).iter().map(DraftError::code).collect()
}

#[test]
fn a_valid_draft_passes_and_keeps_its_values() {
    let draft = RequestDraft::validate(&valid_input(), NOW, 0).unwrap();
    assert_eq!(draft.incident_type(), IncidentType::Burglary);
    assert_eq!(draft.title(), "Footage near 5th and Pine");
    assert_eq!(draft.contact().phone(), Some("+1 503 555 0100"));
    assert_eq!(draft.time_frame().start(), datetime!(2026-11-27 21:00 UTC));
    assert!((draft.area().area_m2() - 434_197.18).abs() < 0.01);
    // Serialises to the wire shape, which parses back to an equal draft.
    let json = serde_json::to_string(&draft).unwrap();
    let back: RequestDraftInput = serde_json::from_str(&json).unwrap();
    assert_eq!(RequestDraft::validate(&back, NOW, 0).unwrap(), draft);
}

#[test]
fn every_error_is_collected_in_rule_order() {
    let input = RequestDraftInput {
        incident_type: "Burglary".into(),
        case_number: "26_118233".into(),
        title: "Help".into(),
        description: "Footage please.".into(),
        contact: ContactInput {
            email: Some("detective at city.example".into()),
            phone: Some("555 01".into()),
        },
        time_frame: TimeFrameInput {
            start: "2026-11-28T07:00:00Z".into(),
            end: "2026-11-28T19:30:00Z".into(),
        },
        area: GeoJsonPolygon {
            coordinates: vec![vec![
                [-122.69, 45.51],
                [-122.67, 45.52],
                [-122.67, 45.51],
                [-122.69, 45.52],
            ]],
        },
        attestations: AttestationsInput::CONFIRMED,
        language: None,
    };
    assert_eq!(
        codes(&input, MAX_REQUESTS_PER_CASE),
        [
            "area_self_intersects",
            "time_frame_too_long",
            "time_frame_in_future",
            "incident_type_invalid",
            "case_number_invalid",
            "title_invalid",
            "description_invalid",
            "contact_email_invalid",
            "contact_phone_invalid",
            "case_limit_reached",
        ]
    );
    let first = RequestDraft::check(&input, NOW, 0).unwrap_err();
    assert_eq!(first.code(), "area_self_intersects");
}

#[test]
fn errors_become_api_details_with_fields() {
    let mut input = valid_input();
    input.contact = ContactInput { email: Some("  ".into()), phone: None };
    let details: Vec<ErrorDetail> =
        RequestDraft::errors(&input, NOW, 0).iter().map(ErrorDetail::from).collect();
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].code, "contact_missing");
    assert_eq!(details[0].field.as_deref(), Some("contact"));
    assert_eq!(
        details[0].message,
        "Give an email address or a phone number so residents can respond."
    );
}

#[test]
fn case_limit_is_two_per_case() {
    let input = valid_input();
    assert!(codes(&input, 0).is_empty());
    assert!(codes(&input, 1).is_empty());
    assert_eq!(codes(&input, 2), ["case_limit_reached"]);
    assert_eq!(codes(&input, 7), ["case_limit_reached"]);
    let e = &RequestDraft::errors(&input, NOW, 2)[0];
    assert_eq!(
        e.to_string(),
        "This case already has 2 published requests; at most 2 are allowed per case."
    );
}

#[test]
fn incident_types_are_a_fixed_list() {
    for t in IncidentType::ALL {
        assert_eq!(IncidentType::parse(t.as_str()), Ok(t));
        assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.as_str()));
        assert!(!t.label().is_empty());
    }
    for bad in ["", "Burglary", " burglary", "arson", "vehicle-crime"] {
        assert_eq!(
            IncidentType::parse(bad).unwrap_err().code(),
            "incident_type_invalid",
            "{bad:?}"
        );
    }
}

#[test]
fn case_number_boundaries() {
    let ok =
        ["1", "26-118233", "PPB #2026/118.233", "Fall 12", &"9".repeat(40), "Åland-7", "  26-1  "];
    for s in ok {
        assert!(CaseNumber::parse(s).is_ok(), "{s:?}");
    }
    let bad = ["", "   ", &"9".repeat(41), "26_118233", "26:1", "26\t1", "a,b", "26–1"];
    for s in bad {
        assert_eq!(CaseNumber::parse(s).unwrap_err().code(), "case_number_invalid", "{s:?}");
    }
}

#[test]
fn title_boundaries() {
    assert!(Title::parse("Theft").is_ok());
    assert!(Title::parse(" Theft ").is_ok());
    assert!(Title::parse("Theft").unwrap().as_str().len() == 5);
    assert!(Title::parse(&"é".repeat(120)).is_ok());
    for s in ["", "Heft", "  Heft  ", &"é".repeat(121), "Two\nlines", "Bell\u{7} rings"] {
        assert_eq!(Title::parse(s).unwrap_err().code(), "title_invalid", "{s:?}");
    }
    let e = Title::parse("Heft").unwrap_err();
    assert_eq!(e.to_string(), "The title has 4 characters; it needs at least 5.");
}

#[test]
fn description_boundaries() {
    assert!(Description::parse(&"x".repeat(20)).is_ok());
    assert!(Description::parse(&"x".repeat(2_000)).is_ok());
    assert!(Description::parse("First line of it.\r\nSecond line.").is_ok());
    for s in [
        &"x".repeat(19),
        &"x".repeat(2_001),
        &format!("{}\u{0}", "x".repeat(30)),
        &format!(" {} ", "x".repeat(19)),
    ] {
        assert_eq!(Description::parse(s).unwrap_err().code(), "description_invalid", "{s:?}");
    }
    let tab = Description::parse("Looking for\tfootage of a blue van.").unwrap_err();
    assert_eq!(
        tab.to_string(),
        "The description contains a tab; use plain text and line breaks only."
    );
}

#[test]
fn email_table() {
    let ok = [
        "a@b.co",
        "detective@city.example",
        "first.last+rfa@police.city.example",
        "ÉLODIE@ville.example",
    ];
    for s in ok {
        assert!(Contact::check_email(s).is_ok(), "{s:?}");
    }
    let long = format!("{}@city.example", "a".repeat(254 - 13));
    assert_eq!(long.chars().count(), 254);
    assert!(Contact::check_email(&long).is_ok());
    let too_long = format!("{}@city.example", "a".repeat(254 - 12));
    let bad = [
        "detective",
        "@city.example",
        "a@@city.example",
        "a@b@city.example",
        "a@city",
        "a@city.",
        "a@.example",
        "a@city..example",
        "de tective@city.example",
        "a@city.example\u{0}",
        &too_long,
    ];
    for s in bad {
        assert_eq!(Contact::check_email(s).unwrap_err().code(), "contact_email_invalid", "{s:?}");
    }
}

#[test]
fn phone_table() {
    let ok = [
        "5550100",
        "+1 503 555 0100",
        "(503) 555-0100",
        "503.555.0100",
        "+44 20 7946 0958",
        "123456789012345",
    ];
    for s in ok {
        assert!(Contact::check_phone(s).is_ok(), "{s:?}");
    }
    let bad = [
        "555010",
        "1234567890123456",
        "+1 (503) 555-0100 ext 1",
        "503+555+0100",
        "++15035550100",
        "call 911",
        "+",
        "503/555/0100",
    ];
    for s in bad {
        assert_eq!(Contact::check_phone(s).unwrap_err().code(), "contact_phone_invalid", "{s:?}");
    }
}

#[test]
fn contact_needs_one_valid_way() {
    let parse = |email: Option<&str>, phone: Option<&str>| {
        Contact::parse(&ContactInput { email: email.map(Into::into), phone: phone.map(Into::into) })
            .map_err(|e| e.iter().map(DraftError::code).collect::<Vec<_>>())
    };
    assert!(parse(Some("a@b.co"), None).is_ok());
    assert!(parse(None, Some("5550100")).is_ok());
    assert_eq!(parse(None, None).unwrap_err(), ["contact_missing"]);
    assert_eq!(parse(Some(""), Some(" ")).unwrap_err(), ["contact_missing"]);
    // An invalid email is refused even when the phone is fine: it would be published.
    assert_eq!(parse(Some("a@b"), Some("5550100")).unwrap_err(), ["contact_email_invalid"]);
    // Blank fields are dropped, not stored.
    assert_eq!(parse(Some(" "), Some("5550100")).unwrap().email(), None);
}

#[test]
fn text_newtypes_validate_when_deserialised() {
    assert!(serde_json::from_str::<Title>("\"Hi\"").is_err());
    let t: Title = serde_json::from_str("\" Footage near 5th and Pine \"").unwrap();
    assert_eq!(serde_json::to_string(&t).unwrap(), "\"Footage near 5th and Pine\"");
    assert!(serde_json::from_str::<Description>("\"short\"").is_err());
}

#[test]
fn attestations_each_have_their_own_code_and_field() {
    let refused = |input: &RequestDraftInput| -> Vec<(&'static str, &'static str)> {
        RequestDraft::errors(input, NOW, 0).iter().map(|e| (e.code(), e.field())).collect()
    };
    let both = [
        ("attestation_active_investigation_missing", "attestations.active_investigation"),
        ("attestation_no_lawful_activity_missing", "attestations.no_lawful_activity"),
    ];
    let mut input = valid_input();
    input.attestations = AttestationsInput::default();
    assert_eq!(refused(&input), both);
    assert!(RequestDraft::validate(&input, NOW, 0).is_err());

    input.attestations =
        AttestationsInput { active_investigation: true, no_lawful_activity: false };
    assert_eq!(refused(&input), [both[1]]);
    input.attestations =
        AttestationsInput { active_investigation: false, no_lawful_activity: true };
    assert_eq!(refused(&input), [both[0]]);

    // An older client that sends no `attestations` key is refused the same way.
    let mut json = serde_json::to_value(valid_input()).unwrap();
    assert!(json.as_object_mut().unwrap().remove("attestations").is_some());
    let without: RequestDraftInput = serde_json::from_value(json).unwrap();
    assert_eq!(without.attestations, AttestationsInput::default());
    assert_eq!(refused(&without), both);
}
