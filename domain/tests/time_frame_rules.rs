//! Table tests for the time-frame rules, to the second.

use porchlight_domain::wire::TimeFrameInput;
use porchlight_domain::{DraftError, TimeFrame};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-11-28 08:00:00 UTC);

fn input(start: OffsetDateTime, end: OffsetDateTime) -> TimeFrameInput {
    let f = |t: OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).unwrap();
    TimeFrameInput { start: f(start), end: f(end) }
}

fn codes(start: OffsetDateTime, end: OffsetDateTime) -> Vec<&'static str> {
    match TimeFrame::from_input(&input(start, end), NOW) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(DraftError::code).collect(),
    }
}

#[test]
fn duration_boundaries_to_the_second() {
    let start = datetime!(2026-11-27 20:00:00 UTC);
    let table: [(i64, &[&str]); 9] = [
        (-3600, &["time_frame_reversed"]),
        (0, &["time_frame_reversed"]),
        (1, &["time_frame_too_short"]),
        (14 * 60 + 59, &["time_frame_too_short"]),
        (15 * 60, &[]),
        (15 * 60 + 1, &[]),
        (12 * 3600 - 1, &[]),
        (12 * 3600, &[]),
        (12 * 3600 + 1, &["time_frame_too_long"]),
    ];
    for (seconds, expected) in table {
        let end = start + Duration::seconds(seconds);
        assert_eq!(codes(start, end), expected, "{seconds} s");
        assert_eq!(TimeFrame::new(start, end).is_ok(), expected.is_empty(), "{seconds} s");
    }
}

#[test]
fn sub_second_precision_counts() {
    let start = datetime!(2026-11-27 20:00:00 UTC);
    let end = start + Duration::minutes(15) - Duration::milliseconds(1);
    assert_eq!(codes(start, end), ["time_frame_too_short"]);
    let end = start + Duration::hours(12) + Duration::milliseconds(1);
    assert_eq!(codes(start, end), ["time_frame_too_long"]);
}

#[test]
fn messages_name_the_durations() {
    let start = datetime!(2026-11-27 20:00:00 UTC);
    let short = TimeFrame::new(start, start + Duration::seconds(14 * 60 + 59)).unwrap_err();
    assert_eq!(short[0].to_string(), "The time frame is 14 min 59 s; it must be at least 15 min.");
    let long = TimeFrame::new(start, start + Duration::seconds(12 * 3600 + 1)).unwrap_err();
    assert_eq!(long[0].to_string(), "The time frame is 12 h 1 s; it may be at most 12 h.");
    assert_eq!(long[0].field(), "time_frame");
}

#[test]
fn end_may_be_two_minutes_ahead_of_now() {
    let end = NOW + Duration::minutes(2);
    assert_eq!(codes(end - Duration::hours(1), end), Vec::<&str>::new());
    let end = NOW + Duration::seconds(121);
    assert_eq!(codes(end - Duration::hours(1), end), ["time_frame_in_future"]);
}

#[test]
fn start_may_be_180_days_before_now() {
    let start = NOW - Duration::days(180);
    assert_eq!(codes(start, start + Duration::hours(1)), Vec::<&str>::new());
    let start = NOW - Duration::days(180) - Duration::seconds(1);
    assert_eq!(codes(start, start + Duration::hours(1)), ["time_frame_too_old"]);
}

#[test]
fn every_time_error_is_collected() {
    // In the future and too long at once.
    let start = NOW - Duration::hours(1);
    assert_eq!(
        codes(start, NOW + Duration::hours(12)),
        ["time_frame_too_long", "time_frame_in_future"]
    );
    // An unparsable start does not hide a future end.
    let bad =
        TimeFrameInput { start: "27/11/2026 21:00".into(), end: "2026-11-29T00:00:00Z".into() };
    let errors = TimeFrame::from_input(&bad, NOW).unwrap_err();
    let found: Vec<_> = errors.iter().map(|e| (e.code(), e.field())).collect();
    assert_eq!(
        found,
        [("time_frame_invalid", "time_frame.start"), ("time_frame_in_future", "time_frame.end")]
    );
}

#[test]
fn rfc3339_is_required_and_offsets_become_utc() {
    for bad in [
        "",
        "2026-11-27",
        "2026-11-27 21:00:00",
        "2026-11-27T21:00:00",
        "tomorrow",
        "2026-13-01T00:00:00Z",
    ] {
        let input = TimeFrameInput { start: bad.into(), end: "2026-11-27T23:00:00Z".into() };
        let errors = TimeFrame::parse(&input).unwrap_err();
        assert_eq!(
            errors,
            [DraftError::TimeFrameInvalid { which: porchlight_domain::TimeFrameEnd::Start }],
            "{bad:?}"
        );
    }
    let input = TimeFrameInput {
        start: "2026-11-27T13:00:00-08:00".into(),
        end: "2026-11-28T00:30:00+01:00".into(),
    };
    let frame = TimeFrame::parse(&input).unwrap();
    assert_eq!(frame.start(), datetime!(2026-11-27 21:00 UTC));
    assert_eq!(frame.end().offset(), time::UtcOffset::UTC);
    assert_eq!(frame.duration(), Duration::hours(2) + Duration::minutes(30));
}

#[test]
fn serde_validates_and_writes_utc() {
    let json = r#"{"start":"2026-11-27T13:00:00-08:00","end":"2026-11-27T15:00:00-08:00"}"#;
    let frame: TimeFrame = serde_json::from_str(json).unwrap();
    assert_eq!(
        serde_json::to_string(&frame).unwrap(),
        r#"{"start":"2026-11-27T21:00:00Z","end":"2026-11-27T23:00:00Z"}"#
    );
    let reversed = r#"{"start":"2026-11-27T23:00:00Z","end":"2026-11-27T21:00:00Z"}"#;
    let err = serde_json::from_str::<TimeFrame>(reversed).unwrap_err();
    assert!(err.to_string().contains("time_frame_reversed"), "{err}");
}
