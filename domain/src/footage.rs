//! Residents' answers to a request with their own footage: which files may be shared,
//! how a file's kind is recognised from its first bytes (the name alone proves nothing),
//! whether a capture time falls inside the request's time frame, an agency's retention
//! period, and its public key's fingerprint. The app checks files with these before
//! anything leaves the browser; the server checks the declared kinds, the retention
//! period and the keys again. The bytes themselves are encrypted in the browser: the
//! server never sees them.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use crate::TimeFrame;

/// A camera's clock may be off by this much either way: a file captured this long
/// before the time frame starts or after it ends still counts as inside.
pub const CAMERA_CLOCK_TOLERANCE: Duration = Duration::minutes(5);

/// How many first bytes of a file [`FootageKind::sniff`] reads.
pub const SNIFF_BYTES: usize = 16;

/// Ciphertext travels in chunks of exactly this many bytes (the last one may be
/// shorter), numbered from 0, so that an upload resumes at the first missing chunk.
pub const RESPONSE_CHUNK_BYTES: u64 = 4 * 1024 * 1024;

/// The most files one response may hold.
pub const MAX_RESPONSE_FILES: usize = 20;

/// The longest retention period an agency may publish, in days after the request is
/// resolved.
pub const MAX_RETENTION_DAYS: u16 = 365;

/// The shortest retention period, in days.
pub const MIN_RETENTION_DAYS: u16 = 1;

/// The kinds of file a resident may share: video and photos.
///
/// ```
/// use porchlight_domain::footage::FootageKind;
/// assert_eq!(FootageKind::from_file_name("IMG_0042.JPG"), Some(FootageKind::Jpeg));
/// assert_eq!(FootageKind::from_media_type("video/quicktime"), Some(FootageKind::Mov));
/// assert_eq!(FootageKind::from_file_name("notes.txt"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FootageKind {
    Mp4,
    Mov,
    Jpeg,
    Png,
}

/// Major brands of an ISO base media file (`ftyp`) that are MPEG-4 video.
const MP4_BRANDS: &[&[u8; 4]] = &[
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9", b"mp41",
    b"mp42", b"mp71", b"avc1", b"M4V ", b"M4VH", b"M4VP", b"dash", b"MSNV", b"mmp4", b"f4v ",
    b"XAVC",
];

/// First atoms of QuickTime files written before `ftyp` existed.
const LEGACY_QUICKTIME_ATOMS: &[&[u8; 4]] = &[b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"];

impl FootageKind {
    /// Every kind, in the order the app lists them.
    pub const ALL: [FootageKind; 4] =
        [FootageKind::Mp4, FootageKind::Mov, FootageKind::Jpeg, FootageKind::Png];

    /// The IANA media type.
    pub fn media_type(self) -> &'static str {
        match self {
            FootageKind::Mp4 => "video/mp4",
            FootageKind::Mov => "video/quicktime",
            FootageKind::Jpeg => "image/jpeg",
            FootageKind::Png => "image/png",
        }
    }

    /// The kind of a media type, if it is one residents may share.
    pub fn from_media_type(media_type: &str) -> Option<FootageKind> {
        FootageKind::ALL
            .into_iter()
            .find(|k| k.media_type().eq_ignore_ascii_case(media_type.trim()))
    }

    /// The kind a file's name claims, by its extension (any case).
    pub fn from_file_name(name: &str) -> Option<FootageKind> {
        let (_, extension) = name.rsplit_once('.')?;
        match extension.to_ascii_lowercase().as_str() {
            "mp4" | "m4v" => Some(FootageKind::Mp4),
            "mov" | "qt" => Some(FootageKind::Mov),
            "jpg" | "jpeg" | "jpe" => Some(FootageKind::Jpeg),
            "png" => Some(FootageKind::Png),
            _ => None,
        }
    }

    /// The kind a file's first bytes (at least [`SNIFF_BYTES`] of them when the file is
    /// that long) show, whatever its name says.
    ///
    /// ```
    /// use porchlight_domain::footage::FootageKind;
    /// assert_eq!(FootageKind::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FootageKind::Png));
    /// assert_eq!(FootageKind::sniff(b"\0\0\0\x20ftypisom\0\0\x02\0"), Some(FootageKind::Mp4));
    /// assert_eq!(FootageKind::sniff(b"\0\0\0\x14ftypqt  \0\0\0\0"), Some(FootageKind::Mov));
    /// assert_eq!(FootageKind::sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), None); // a HEIC photo
    /// assert_eq!(FootageKind::sniff(b"GIF89a"), None);
    /// ```
    pub fn sniff(head: &[u8]) -> Option<FootageKind> {
        if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            return Some(FootageKind::Jpeg);
        }
        if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(FootageKind::Png);
        }
        let atom = head.get(4..8)?;
        if atom == b"ftyp" {
            let brand = head.get(8..12)?;
            if brand == b"qt  " {
                return Some(FootageKind::Mov);
            }
            return MP4_BRANDS.iter().any(|b| b.as_slice() == brand).then_some(FootageKind::Mp4);
        }
        LEGACY_QUICKTIME_ATOMS.iter().any(|a| a.as_slice() == atom).then_some(FootageKind::Mov)
    }

    /// Whether this is a video (MP4 or QuickTime) rather than a photo.
    pub fn is_video(self) -> bool {
        matches!(self, FootageKind::Mp4 | FootageKind::Mov)
    }

    /// Whether a file named as `self` may hold content sniffed as `found`: the same kind,
    /// or MP4 and QuickTime for each other (one container format, and cameras name
    /// their files either way).
    ///
    /// ```
    /// use porchlight_domain::footage::FootageKind;
    /// assert!(FootageKind::Mp4.accepts_content(FootageKind::Mov));
    /// assert!(!FootageKind::Jpeg.accepts_content(FootageKind::Png));
    /// ```
    pub fn accepts_content(self, found: FootageKind) -> bool {
        self == found || (self.is_video() && found.is_video())
    }
}

/// Where a file's capture time was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptureSource {
    /// The video container's own creation time (MP4/QuickTime `mvhd`).
    Container,
    /// A photo's EXIF `DateTimeOriginal`.
    Exif,
    /// Neither could be read: the file's last-modified time, which the app labels as
    /// such, since copying a file can change it.
    FileModified,
}

/// Where a capture time falls against a request's time frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureFit {
    /// Inside the time frame, give or take [`CAMERA_CLOCK_TOLERANCE`].
    Inside,
    /// Too early, by this much beyond the tolerance.
    Before(Duration),
    /// Too late, by this much beyond the tolerance.
    After(Duration),
}

/// Whether a file captured at `captured_at` may be shared for `time_frame`: inside it,
/// bounds and [`CAMERA_CLOCK_TOLERANCE`] included.
///
/// ```
/// use porchlight_domain::{TimeFrame, footage::{capture_fit, CaptureFit}};
/// use time::{Duration, macros::datetime};
/// let frame = TimeFrame::new(datetime!(2026-11-27 21:00 UTC), datetime!(2026-11-27 23:00 UTC)).unwrap();
/// assert_eq!(capture_fit(&frame, datetime!(2026-11-27 20:55 UTC)), CaptureFit::Inside);
/// assert_eq!(capture_fit(&frame, datetime!(2026-11-27 23:05 UTC)), CaptureFit::Inside);
/// assert_eq!(capture_fit(&frame, datetime!(2026-11-27 23:05:01 UTC)), CaptureFit::After(Duration::seconds(1)));
/// assert_eq!(capture_fit(&frame, datetime!(2026-11-27 20:00 UTC)), CaptureFit::Before(Duration::minutes(55)));
/// ```
pub fn capture_fit(time_frame: &TimeFrame, captured_at: OffsetDateTime) -> CaptureFit {
    let earliest = time_frame.start() - CAMERA_CLOCK_TOLERANCE;
    let latest = time_frame.end() + CAMERA_CLOCK_TOLERANCE;
    if captured_at < earliest {
        CaptureFit::Before(earliest - captured_at)
    } else if captured_at > latest {
        CaptureFit::After(captured_at - latest)
    } else {
        CaptureFit::Inside
    }
}

/// How long an agency keeps residents' responses it did not keep as evidence: whole
/// days after the request is resolved, [`MIN_RETENTION_DAYS`] to [`MAX_RETENTION_DAYS`].
///
/// ```
/// use porchlight_domain::footage::RetentionPeriod;
/// assert_eq!(RetentionPeriod::new(30).unwrap().days(), 30);
/// assert_eq!(RetentionPeriod::new(366).unwrap_err().code(), "retention_invalid");
/// assert!(RetentionPeriod::new(0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u16")]
pub struct RetentionPeriod(u16);

impl RetentionPeriod {
    /// A period of `days`, if within the limits.
    pub fn new(days: i64) -> Result<RetentionPeriod, FootageProblem> {
        u16::try_from(days)
            .ok()
            .filter(|d| (MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(d))
            .map(RetentionPeriod)
            .ok_or(FootageProblem::RetentionOutOfRange)
    }

    /// The period in days.
    pub fn days(self) -> u16 {
        self.0
    }

    /// When responses to a request resolved at `resolved_at` expire.
    pub fn expires(self, resolved_at: OffsetDateTime) -> OffsetDateTime {
        resolved_at + Duration::days(i64::from(self.0))
    }
}

impl TryFrom<i64> for RetentionPeriod {
    type Error = FootageProblem;
    fn try_from(days: i64) -> Result<Self, Self::Error> {
        RetentionPeriod::new(days)
    }
}

impl From<RetentionPeriod> for u16 {
    fn from(p: RetentionPeriod) -> u16 {
        p.0
    }
}

/// The fingerprint of an agency's public key (an age X25519 recipient, `age1…`): the
/// first 16 bytes of the SHA-256 of the key as written, in lowercase hex, so that
/// anyone can recompute it from the key on the profile and in the public log.
///
/// ```
/// use porchlight_domain::footage::key_fingerprint;
/// let key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
/// let fp = key_fingerprint(key).unwrap();
/// assert_eq!(fp.len(), 32);
/// assert_eq!(key_fingerprint("age1short").unwrap_err().code(), "key_invalid");
/// ```
pub fn key_fingerprint(public_key: &str) -> Result<String, FootageProblem> {
    check_public_key(public_key)?;
    let digest = Sha256::digest(public_key.as_bytes());
    Ok(digest[..16].iter().map(|b| format!("{b:02x}")).collect())
}

/// An age X25519 recipient's shape: `age1` and 58 bech32 characters, lowercase. (The
/// checksum is the encrypting library's business; a key that fails it cannot be used.)
fn check_public_key(public_key: &str) -> Result<(), FootageProblem> {
    const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let body = public_key.strip_prefix("age1").ok_or(FootageProblem::KeyInvalid)?;
    if body.len() == 58 && body.chars().all(|c| BECH32.contains(c)) {
        Ok(())
    } else {
        Err(FootageProblem::KeyInvalid)
    }
}

/// What is wrong with a file, a key or a retention period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FootageProblem {
    /// Not MP4, QuickTime, JPEG or PNG.
    UnsupportedType,
    /// The content is not what the name says.
    ContentMismatch { named: FootageKind, found: Option<FootageKind> },
    /// Captured outside the time frame (and the tolerance).
    OutsideTimeFrame(CaptureFit),
    /// Not an age X25519 public key.
    KeyInvalid,
    /// Not 1 to 365 days.
    RetentionOutOfRange,
}

impl FootageProblem {
    /// The stable code (the API's and the app's message keys, `error.code.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            FootageProblem::UnsupportedType => "file_type_unsupported",
            FootageProblem::ContentMismatch { .. } => "file_content_mismatch",
            FootageProblem::OutsideTimeFrame(_) => "captured_outside_time_frame",
            FootageProblem::KeyInvalid => "key_invalid",
            FootageProblem::RetentionOutOfRange => "retention_invalid",
        }
    }
}

impl fmt::Display for FootageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FootageProblem::UnsupportedType => {
                f.write_str("only MP4 and MOV videos and JPEG and PNG photos can be shared")
            }
            FootageProblem::ContentMismatch { named, found: Some(found) } => write!(
                f,
                "the file is named as {} but holds {}",
                named.media_type(),
                found.media_type()
            ),
            FootageProblem::ContentMismatch { named, found: None } => {
                write!(f, "the file is named as {} but is not one", named.media_type())
            }
            FootageProblem::OutsideTimeFrame(CaptureFit::Before(by)) => write!(
                f,
                "captured {} min before the time frame (and its 5 min allowance for camera clocks)",
                by.whole_minutes().max(1)
            ),
            FootageProblem::OutsideTimeFrame(CaptureFit::After(by)) => write!(
                f,
                "captured {} min after the time frame (and its 5 min allowance for camera clocks)",
                by.whole_minutes().max(1)
            ),
            FootageProblem::OutsideTimeFrame(CaptureFit::Inside) => {
                f.write_str("captured inside the time frame")
            }
            FootageProblem::KeyInvalid => f.write_str("not an age X25519 public key (age1…)"),
            FootageProblem::RetentionOutOfRange => write!(
                f,
                "the retention period must be {MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS} days"
            ),
        }
    }
}

impl std::error::Error for FootageProblem {}

/// A file's kind checked against its name: `Ok` with the kind the content shows when
/// both agree, else the problem.
///
/// ```
/// use porchlight_domain::footage::{check_file, FootageKind, FootageProblem};
/// assert_eq!(check_file("a.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Ok(FootageKind::Png));
/// assert_eq!(check_file("a.jpg", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err().code(), "file_content_mismatch");
/// assert_eq!(check_file("a.gif", b"GIF89a"), Err(FootageProblem::UnsupportedType));
/// ```
pub fn check_file(name: &str, head: &[u8]) -> Result<FootageKind, FootageProblem> {
    let named = FootageKind::from_file_name(name).ok_or(FootageProblem::UnsupportedType)?;
    match FootageKind::sniff(head) {
        Some(found) if named.accepts_content(found) => Ok(found),
        found => Err(FootageProblem::ContentMismatch { named, found }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn frame() -> TimeFrame {
        TimeFrame::new(datetime!(2026-11-27 21:00 UTC), datetime!(2026-11-27 21:15 UTC)).unwrap()
    }

    #[test]
    fn the_allowance_is_inclusive_to_the_second_on_both_sides() {
        let f = frame();
        assert_eq!(capture_fit(&f, datetime!(2026-11-27 20:55:00 UTC)), CaptureFit::Inside);
        assert_eq!(
            capture_fit(&f, datetime!(2026-11-27 20:54:59 UTC)),
            CaptureFit::Before(Duration::seconds(1))
        );
        assert_eq!(capture_fit(&f, datetime!(2026-11-27 21:20:00 UTC)), CaptureFit::Inside);
        assert_eq!(
            capture_fit(&f, datetime!(2026-11-27 21:20:00.001 UTC)),
            CaptureFit::After(Duration::milliseconds(1))
        );
        // Another offset, the same instant.
        assert_eq!(capture_fit(&f, datetime!(2026-11-27 13:20:00 -8)), CaptureFit::Inside);
    }

    #[test]
    fn short_or_unknown_heads_are_no_kind() {
        assert_eq!(FootageKind::sniff(b""), None);
        assert_eq!(FootageKind::sniff(b"\0\0\0"), None);
        assert_eq!(FootageKind::sniff(b"\0\0\0\x20ftyp"), None);
        assert_eq!(FootageKind::sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3"), None);
        assert_eq!(FootageKind::sniff(b"\0\0\0\x08wide\0\0\0\0mdat"), Some(FootageKind::Mov));
    }

    #[test]
    fn media_types_round_trip() {
        for kind in FootageKind::ALL {
            assert_eq!(FootageKind::from_media_type(kind.media_type()), Some(kind));
        }
        assert_eq!(FootageKind::from_media_type("image/gif"), None);
    }

    #[test]
    fn retention_limits() {
        assert!(RetentionPeriod::new(1).is_ok() && RetentionPeriod::new(365).is_ok());
        assert!(RetentionPeriod::new(-1).is_err() && RetentionPeriod::new(i64::MAX).is_err());
        let p: Result<RetentionPeriod, _> = serde_json::from_str("400");
        assert!(p.is_err());
        assert_eq!(
            RetentionPeriod::new(30).unwrap().expires(datetime!(2026-01-01 00:00 UTC)),
            datetime!(2026-01-31 00:00 UTC)
        );
    }

    #[test]
    fn keys_must_look_like_age_recipients() {
        let good = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
        assert!(key_fingerprint(good).is_ok());
        assert!(key_fingerprint(&good.to_uppercase()).is_err());
        assert!(key_fingerprint(&format!("{good}q")).is_err());
        assert!(key_fingerprint("AGE-SECRET-KEY-1QQQ").is_err());
        // The fingerprint depends on every character.
        let other = good.replace("8p", "9p");
        assert_ne!(key_fingerprint(good), key_fingerprint(&other));
    }
}
