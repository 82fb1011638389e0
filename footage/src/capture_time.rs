//! A file's capture time from its own bytes.
//!
//! - MP4 / QuickTime: the movie header (`mvhd`) inside the `moov` atom, which may sit
//!   at the end of the file (after gigabytes of `mdat`): [`MovieTimeSearch`] walks the
//!   top-level atom headers asking for a few bytes at a time, then the children of
//!   `moov` until `mvhd`. The creation time counts seconds from 1904 in UTC; 0 means
//!   "not set".
//! - JPEG: EXIF `DateTimeOriginal` in the first [`JPEG_HEAD_BYTES`] (the APP1 segment
//!   comes first and is at most 64 KiB), with `OffsetTimeOriginal` when the camera
//!   wrote it; without it the time is the camera's wall clock ([`ExifTime::Local`]),
//!   which the app reads in the browser's time zone and says so.
//! - Anything else (PNG, a file without either): the caller falls back to the file's
//!   modified time, labelled as such (`CaptureSource::FileModified`).

use std::io::Cursor;

use mp4::{BoxHeader, MoovBox, ReadBox};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// How many first bytes of a JPEG [`exif_capture_time`] needs: the EXIF segment
/// follows the start of image and is at most 64 KiB; twice that leaves room for a JFIF
/// segment before it.
pub const JPEG_HEAD_BYTES: u64 = 128 * 1024;

/// Bytes of an atom header: size (4), type (4) and, for a 64-bit size, 8 more.
pub const ATOM_HEADER_BYTES: u64 = 16;

/// The most atom headers [`MovieTimeSearch`] reads before it gives up (a file of many
/// fragments, or not a movie at all).
pub const MAX_ATOM_READS: u32 = 256;

/// The largest `mvhd` read (a version-1 box is 120 bytes).
const MAX_MVHD_BYTES: u64 = 1024;

/// Seconds from 1904-01-01 (QuickTime's epoch) to 1970-01-01.
const QUICKTIME_EPOCH_OFFSET_S: i64 = 2_082_844_800;

/// What [`MovieTimeSearch`] wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The bytes `offset .. offset + len` of the file (fewer at its end).
    Read { offset: u64, len: u64 },
    /// The creation time, or `None`: no `moov`/`mvhd`, or a time of 0.
    Done(Option<OffsetDateTime>),
}

#[derive(Debug, Clone, Copy)]
enum Looking {
    /// A top-level atom header at `at`.
    TopLevel { at: u64 },
    /// A child of `moov` at `at`; the children end at `end`.
    InMoov { at: u64, end: u64 },
    /// The `mvhd` box itself.
    Mvhd,
}

/// Finds an MP4/QuickTime file's `mvhd` creation time a few bytes at a time, without
/// I/O of its own: [`MovieTimeSearch::start`] says what to read first, and each
/// [`MovieTimeSearch::feed`] of those bytes says what next.
///
/// ```
/// use porchlight_footage::capture_time::{MovieTimeSearch, Step};
/// let (mut search, step) = MovieTimeSearch::start(8);
/// assert_eq!(step, Step::Read { offset: 0, len: 8 });
/// assert_eq!(search.feed(b"\0\0\0\x08free"), Step::Done(None));
/// ```
#[derive(Debug, Clone)]
pub struct MovieTimeSearch {
    file_len: u64,
    looking: Looking,
    reads: u32,
}

/// An atom's header: its type, where its content starts and where it ends.
struct Atom {
    kind: [u8; 4],
    content: u64,
    end: u64,
}

impl MovieTimeSearch {
    /// A search through a file of `file_len` bytes, and its first read.
    pub fn start(file_len: u64) -> (MovieTimeSearch, Step) {
        let search = MovieTimeSearch {
            file_len,
            looking: Looking::TopLevel { at: 0 },
            reads: 1,
        };
        let step = search.header_read(0, file_len);
        (search, step)
    }

    /// How many reads it asked for so far.
    pub fn reads(&self) -> u32 {
        self.reads
    }

    fn header_read(&self, at: u64, end: u64) -> Step {
        if at.saturating_add(8) > end {
            return Step::Done(None);
        }
        Step::Read {
            offset: at,
            len: ATOM_HEADER_BYTES.min(end - at),
        }
    }

    fn next_header(&mut self, at: u64, end: u64, looking: Looking) -> Step {
        if self.reads >= MAX_ATOM_READS {
            return Step::Done(None);
        }
        self.reads += 1;
        self.looking = looking;
        self.header_read(at, end)
    }

    /// The bytes of the last [`Step::Read`]; what to read next, or the answer.
    pub fn feed(&mut self, bytes: &[u8]) -> Step {
        match self.looking {
            Looking::TopLevel { at } => match parse_atom(bytes, at, self.file_len) {
                None => Step::Done(None),
                Some(atom) if &atom.kind == b"moov" => self.next_header(
                    atom.content,
                    atom.end,
                    Looking::InMoov {
                        at: atom.content,
                        end: atom.end,
                    },
                ),
                Some(atom) => {
                    self.next_header(atom.end, self.file_len, Looking::TopLevel { at: atom.end })
                }
            },
            Looking::InMoov { at, end } => match parse_atom(bytes, at, end) {
                None => Step::Done(None),
                Some(atom) if &atom.kind == b"mvhd" => {
                    let len = atom.end - at;
                    if len > MAX_MVHD_BYTES {
                        return Step::Done(None);
                    }
                    self.reads += 1;
                    self.looking = Looking::Mvhd;
                    Step::Read { offset: at, len }
                }
                Some(atom) => {
                    self.next_header(atom.end, end, Looking::InMoov { at: atom.end, end })
                }
            },
            Looking::Mvhd => Step::Done(mvhd_creation_time(bytes)),
        }
    }
}

/// The atom whose header starts `bytes` (read at `at` in a parent ending at `end`), if
/// it is well formed and fits.
fn parse_atom(bytes: &[u8], at: u64, end: u64) -> Option<Atom> {
    let size32 = u32::from_be_bytes(bytes.get(0..4)?.try_into().ok()?);
    let kind: [u8; 4] = bytes.get(4..8)?.try_into().ok()?;
    let (size, header) = match size32 {
        // To the end of the parent.
        0 => (end - at, 8),
        1 => (u64::from_be_bytes(bytes.get(8..16)?.try_into().ok()?), 16),
        n => (u64::from(n), 8),
    };
    if size < header || at.checked_add(size)? > end {
        return None;
    }
    Some(Atom {
        kind,
        content: at + header,
        end: at + size,
    })
}

/// The creation time of a whole `mvhd` box (header included); `None` when unreadable
/// or 0 (not set). The `mp4` crate reads `mvhd` as part of a `moov`: the box is read
/// inside a `moov` of its own, without the tracks (never read).
fn mvhd_creation_time(bytes: &[u8]) -> Option<OffsetDateTime> {
    let moov_size = u32::try_from(bytes.len() + 8).ok()?;
    let mut moov = Vec::with_capacity(bytes.len() + 8);
    moov.extend_from_slice(&moov_size.to_be_bytes());
    moov.extend_from_slice(b"moov");
    moov.extend_from_slice(bytes);
    let mut reader = Cursor::new(moov.as_slice());
    let header = BoxHeader::read(&mut reader).ok()?;
    let mvhd = MoovBox::read_box(&mut reader, header.size).ok()?.mvhd;
    if mvhd.creation_time == 0 {
        return None;
    }
    let unix = i64::try_from(mvhd.creation_time).ok()? - QUICKTIME_EPOCH_OFFSET_S;
    OffsetDateTime::from_unix_timestamp(unix).ok()
}

/// A JPEG's EXIF capture time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExifTime {
    /// `DateTimeOriginal` with the camera's `OffsetTimeOriginal`: an instant.
    Zoned(OffsetDateTime),
    /// `DateTimeOriginal` alone: the camera's wall clock, in a zone EXIF does not say.
    Local(PrimitiveDateTime),
}

impl ExifTime {
    /// The instant, reading a wall-clock time at `offset` (the browser's, for that
    /// date).
    pub fn at_offset(self, offset: UtcOffset) -> OffsetDateTime {
        match self {
            ExifTime::Zoned(t) => t,
            ExifTime::Local(t) => t.assume_offset(offset),
        }
    }
}

/// The EXIF `DateTimeOriginal` (and `OffsetTimeOriginal`) of a JPEG whose first bytes
/// (up to [`JPEG_HEAD_BYTES`]) are `head`; `None` without EXIF or that tag.
pub fn exif_capture_time(head: &[u8]) -> Option<ExifTime> {
    let exif = exif::Reader::new()
        .read_from_container(&mut Cursor::new(head))
        .ok()?;
    let ascii = |tag| match &exif.get_field(tag, exif::In::PRIMARY)?.value {
        exif::Value::Ascii(values) => values.first().cloned(),
        _ => None,
    };
    let mut taken = exif::DateTime::from_ascii(&ascii(exif::Tag::DateTimeOriginal)?).ok()?;
    if let Some(offset) = ascii(exif::Tag::OffsetTimeOriginal) {
        // An unreadable offset leaves the wall-clock time.
        let _ = taken.parse_offset(&offset);
    }
    let date = Date::from_calendar_date(
        i32::from(taken.year),
        Month::try_from(taken.month).ok()?,
        taken.day,
    )
    .ok()?;
    let time = Time::from_hms_nano(
        taken.hour,
        taken.minute,
        taken.second,
        taken.nanosecond.unwrap_or(0),
    )
    .ok()?;
    let local = PrimitiveDateTime::new(date, time);
    Some(match taken.offset {
        Some(minutes) => ExifTime::Zoned(
            local.assume_offset(UtcOffset::from_whole_seconds(i32::from(minutes) * 60).ok()?),
        ),
        None => ExifTime::Local(local),
    })
}

/// Whether a file may be shared for a request: its content is what its name says (the
/// domain's [`check_file`], from its first bytes) and it was captured inside the time
/// frame, give or take the camera-clock allowance ([`capture_fit`]). The app lists a
/// file that fails with the problem's reason and never sends it.
///
/// [`check_file`]: porchlight_domain::footage::check_file
/// [`capture_fit`]: porchlight_domain::footage::capture_fit
pub fn screen(
    name: &str,
    head: &[u8],
    captured_at: OffsetDateTime,
    time_frame: &porchlight_domain::TimeFrame,
) -> Result<porchlight_domain::footage::FootageKind, porchlight_domain::footage::FootageProblem> {
    use porchlight_domain::footage::{capture_fit, check_file, CaptureFit, FootageProblem};
    let kind = check_file(name, head)?;
    match capture_fit(time_frame, captured_at) {
        CaptureFit::Inside => Ok(kind),
        outside => Err(FootageProblem::OutsideTimeFrame(outside)),
    }
}
