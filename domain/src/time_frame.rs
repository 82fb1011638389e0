//! The window of footage a request asks for.

use serde::{Deserialize, Serialize, Serializer};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

use crate::draft_error::{DraftError, DraftErrors, TimeFrameEnd};
use crate::limits::{CLOCK_SKEW, MAX_AGE, MAX_TIME_FRAME, MIN_TIME_FRAME};
use crate::wire::TimeFrameInput;

/// A time frame whose end is after its start and which lasts 15 minutes to 12 hours,
/// both inclusive, to the second. Stored in UTC.
///
/// Whether it is recent enough depends on "now", which a value cannot know:
/// [`TimeFrame::from_input`] and [`RequestDraft::validate`](crate::RequestDraft::validate)
/// check that too; deserialising checks only the rules above.
///
/// ```
/// use porchlight_domain::TimeFrame;
/// use time::macros::datetime;
/// let frame = TimeFrame::new(datetime!(2026-11-27 21:00 UTC), datetime!(2026-11-27 23:15 UTC)).unwrap();
/// assert_eq!(frame.duration().whole_minutes(), 135);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "TimeFrameInput")]
pub struct TimeFrame {
    start: OffsetDateTime,
    end: OffsetDateTime,
}

fn duration_errors(start: OffsetDateTime, end: OffsetDateTime) -> Vec<DraftError> {
    let length = end - start;
    if length <= Duration::ZERO {
        vec![DraftError::TimeFrameReversed]
    } else if length < MIN_TIME_FRAME {
        vec![DraftError::TimeFrameTooShort { seconds: length.whole_seconds() }]
    } else if length > MAX_TIME_FRAME {
        vec![DraftError::TimeFrameTooLong { seconds: length.whole_seconds() }]
    } else {
        Vec::new()
    }
}

fn parse_end(text: &str, which: TimeFrameEnd) -> Result<OffsetDateTime, DraftError> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map(|t| t.to_offset(UtcOffset::UTC))
        .map_err(|_| DraftError::TimeFrameInvalid { which })
}

/// The rules that depend on the current time: the end is at most [`CLOCK_SKEW`] ahead of
/// `now`, the start at most [`MAX_AGE`] before it.
fn recency_errors(
    start: Option<OffsetDateTime>,
    end: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Vec<DraftError> {
    let mut errors = Vec::new();
    if end.is_some_and(|end| end > now + CLOCK_SKEW) {
        errors.push(DraftError::TimeFrameInFuture);
    }
    if start.is_some_and(|start| start < now - MAX_AGE) {
        errors.push(DraftError::TimeFrameTooOld);
    }
    errors
}

impl TimeFrame {
    /// Checks the duration rules (end after start, 15 min to 12 h inclusive). The form
    /// calls this while the user picks times.
    ///
    /// ```
    /// use porchlight_domain::TimeFrame;
    /// use time::macros::datetime;
    /// let start = datetime!(2026-11-27 21:00 UTC);
    /// assert!(TimeFrame::new(start, datetime!(2026-11-27 21:15:00 UTC)).is_ok());
    /// let errors = TimeFrame::new(start, datetime!(2026-11-27 21:14:59 UTC)).unwrap_err();
    /// assert_eq!(errors[0].to_string(), "The time frame is 14 min 59 s; it must be at least 15 min.");
    /// ```
    pub fn new(start: OffsetDateTime, end: OffsetDateTime) -> Result<TimeFrame, Vec<DraftError>> {
        let (start, end) = (start.to_offset(UtcOffset::UTC), end.to_offset(UtcOffset::UTC));
        let errors = duration_errors(start, end);
        if errors.is_empty() { Ok(TimeFrame { start, end }) } else { Err(errors) }
    }

    /// Parses both RFC 3339 timestamps and checks the duration rules, as deserialising
    /// does (no "now" needed).
    ///
    /// ```
    /// use porchlight_domain::{wire::TimeFrameInput, TimeFrame};
    /// let input = TimeFrameInput { start: "2026-11-27T13:00:00-08:00".into(), end: "2026-11-27T23:00:00Z".into() };
    /// let frame = TimeFrame::parse(&input).unwrap();
    /// assert_eq!(frame.start().hour(), 21);
    /// let bad = TimeFrameInput { start: "yesterday".into(), end: "2026-11-27T23:00:00Z".into() };
    /// assert_eq!(TimeFrame::parse(&bad).unwrap_err()[0].field(), "time_frame.start");
    /// ```
    pub fn parse(input: &TimeFrameInput) -> Result<TimeFrame, Vec<DraftError>> {
        let start = parse_end(&input.start, TimeFrameEnd::Start);
        let end = parse_end(&input.end, TimeFrameEnd::End);
        match (start, end) {
            (Ok(start), Ok(end)) => TimeFrame::new(start, end),
            (start, end) => Err(start.err().into_iter().chain(end.err()).collect()),
        }
    }

    /// Every time-frame rule, including those relative to `now` (not in the future beyond
    /// 2 minutes of clock skew; starting at most 180 days ago). All errors are collected.
    ///
    /// ```
    /// use porchlight_domain::{wire::TimeFrameInput, TimeFrame};
    /// use time::macros::datetime;
    /// let now = datetime!(2026-11-28 08:00 UTC);
    /// let input = TimeFrameInput { start: "2026-11-28T07:00:00Z".into(), end: "2026-11-28T08:02:01Z".into() };
    /// let errors = TimeFrame::from_input(&input, now).unwrap_err();
    /// assert_eq!(errors[0].code(), "time_frame_in_future");
    /// ```
    pub fn from_input(
        input: &TimeFrameInput,
        now: OffsetDateTime,
    ) -> Result<TimeFrame, Vec<DraftError>> {
        let start = parse_end(&input.start, TimeFrameEnd::Start);
        let end = parse_end(&input.end, TimeFrameEnd::End);
        let mut errors: Vec<DraftError> =
            start.clone().err().into_iter().chain(end.clone().err()).collect();
        if let (Ok(s), Ok(e)) = (&start, &end) {
            errors.extend(duration_errors(*s, *e));
        }
        errors.extend(recency_errors(start.clone().ok(), end.clone().ok(), now));
        match (start, end) {
            (Ok(start), Ok(end)) if errors.is_empty() => Ok(TimeFrame { start, end }),
            _ => Err(errors),
        }
    }

    /// The rules relative to `now` for an already valid time frame (empty when it is
    /// recent and not in the future).
    ///
    /// ```
    /// use porchlight_domain::TimeFrame;
    /// use time::macros::datetime;
    /// let frame = TimeFrame::new(datetime!(2026-05-01 21:00 UTC), datetime!(2026-05-01 23:00 UTC)).unwrap();
    /// assert!(frame.errors_at(datetime!(2026-05-02 08:00 UTC)).is_empty());
    /// assert_eq!(frame.errors_at(datetime!(2026-11-28 08:00 UTC))[0].code(), "time_frame_too_old");
    /// ```
    pub fn errors_at(&self, now: OffsetDateTime) -> Vec<DraftError> {
        recency_errors(Some(self.start), Some(self.end), now)
    }

    /// When the footage window opens (UTC).
    ///
    /// ```
    /// use porchlight_domain::TimeFrame;
    /// use time::macros::datetime;
    /// let frame = TimeFrame::new(datetime!(2026-11-27 13:00 -8), datetime!(2026-11-27 15:00 -8)).unwrap();
    /// assert_eq!(frame.start(), datetime!(2026-11-27 21:00 UTC));
    /// ```
    pub fn start(&self) -> OffsetDateTime {
        self.start
    }

    /// When the footage window closes (UTC).
    ///
    /// ```
    /// use porchlight_domain::TimeFrame;
    /// use time::macros::datetime;
    /// let frame = TimeFrame::new(datetime!(2026-11-27 21:00 UTC), datetime!(2026-11-27 23:00 UTC)).unwrap();
    /// assert_eq!(frame.end(), datetime!(2026-11-27 23:00 UTC));
    /// ```
    pub fn end(&self) -> OffsetDateTime {
        self.end
    }

    /// `end - start`, between 15 minutes and 12 hours.
    ///
    /// ```
    /// use porchlight_domain::TimeFrame;
    /// use time::macros::datetime;
    /// let frame = TimeFrame::new(datetime!(2026-11-27 11:00 UTC), datetime!(2026-11-27 23:00 UTC)).unwrap();
    /// assert_eq!(frame.duration().whole_hours(), 12);
    /// ```
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }

    /// The wire form: RFC 3339 in UTC (`…Z`).
    ///
    /// ```
    /// use porchlight_domain::TimeFrame;
    /// use time::macros::datetime;
    /// let frame = TimeFrame::new(datetime!(2026-11-27 13:00 -8), datetime!(2026-11-27 15:00 -8)).unwrap();
    /// assert_eq!(frame.to_input().start, "2026-11-27T21:00:00Z");
    /// ```
    pub fn to_input(&self) -> TimeFrameInput {
        let format = |t: OffsetDateTime| {
            // Formatting an in-range UTC timestamp as RFC 3339 cannot fail: parsed or
            // built from `OffsetDateTime`, its year is within 0..=9999 here.
            t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
        };
        TimeFrameInput { start: format(self.start), end: format(self.end) }
    }
}

impl TryFrom<TimeFrameInput> for TimeFrame {
    type Error = DraftErrors;

    /// [`TimeFrame::parse`], for `#[serde(try_from)]`.
    fn try_from(input: TimeFrameInput) -> Result<Self, DraftErrors> {
        TimeFrame::parse(&input).map_err(DraftErrors::from)
    }
}

impl Serialize for TimeFrame {
    /// As a [`TimeFrameInput`] in UTC.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_input().serialize(serializer)
    }
}
