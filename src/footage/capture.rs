use porchlight_domain::footage::{check_file, CaptureSource, FootageKind, FootageProblem, SNIFF_BYTES};
use porchlight_domain::TimeFrame;
use porchlight_footage::capture_time::{exif_capture_time, screen, ExifTime, MovieTimeSearch, Step, JPEG_HEAD_BYTES};
use porchlight_footage::seal::max_ciphertext_size;
use time::{OffsetDateTime, UtcOffset};
use web_sys::File;

use super::read_slice;

/// What the app learnt about a chosen file before anything leaves the browser.
#[derive(Clone, Debug)]
pub struct Examined {
    pub file: send_wrapper::SendWrapper<File>,
    pub name: String,
    pub size: u64,
    pub kind: Option<FootageKind>,
    /// When it was captured, and where that was read from.
    pub captured_at: Option<(OffsetDateTime, CaptureSource)>,
    /// EXIF gave a wall-clock time without the camera's offset: read in the browser's
    /// time zone (the app says so).
    pub local_time_assumed: bool,
    pub verdict: FileVerdict,
}

/// Whether a file goes with the response.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FileVerdict {
    /// Inside the time frame: it will be sent (once the resident consents).
    Share,
    /// Not sent, for this reason.
    Skip(FootageProblem),
    /// Over the server's size limit for one file.
    TooLarge,
    /// The file could not be read at all.
    Unreadable,
}

/// Reads a file's kind (its first bytes) and capture time (a few bytes more: the JPEG
/// head, or the MP4/MOV atom headers up to `mvhd`), and screens it against the time
/// frame. `max_file_bytes` (ciphertext bytes) 0: no limit known.
pub async fn examine(file: File, time_frame: &TimeFrame, max_file_bytes: u64) -> Examined {
    let name = file.name();
    let size = file.size() as u64;
    let modified = OffsetDateTime::from_unix_timestamp_nanos((file.last_modified() * 1e6) as i128).ok();
    let mut examined = Examined {
        file: send_wrapper::SendWrapper::new(file),
        name,
        size,
        kind: None,
        captured_at: None,
        local_time_assumed: false,
        verdict: FileVerdict::Unreadable,
    };
    let Ok(head) = read_slice(&examined.file, 0, SNIFF_BYTES as u64).await else {
        return examined;
    };
    let kind = match check_file(&examined.name, &head) {
        Ok(kind) => kind,
        Err(problem) => {
            examined.verdict = FileVerdict::Skip(problem);
            return examined;
        }
    };
    examined.kind = Some(kind);
    let read = match kind {
        FootageKind::Mp4 | FootageKind::Mov => movie_time(&examined.file, size).await.map(|t| (t, false)),
        FootageKind::Jpeg => {
            match read_slice(&examined.file, 0, JPEG_HEAD_BYTES).await.ok().and_then(|h| exif_capture_time(&h)) {
                Some(ExifTime::Zoned(t)) => Some((t, false)),
                Some(local @ ExifTime::Local(wall)) => Some((local.at_offset(browser_offset(wall)), true)),
                None => None,
            }
        }
        FootageKind::Png => None,
    };
    examined.captured_at = match read {
        Some((t, assumed)) => {
            examined.local_time_assumed = assumed;
            Some((t, if kind.is_video() { CaptureSource::Container } else { CaptureSource::Exif }))
        }
        None => modified.map(|t| (t, CaptureSource::FileModified)),
    };
    let Some((captured_at, _)) = examined.captured_at else {
        return examined;
    };
    examined.verdict = match screen(&examined.name, &head, captured_at, time_frame) {
        // The server's limit counts ciphertext.
        Ok(_) if max_file_bytes > 0 && max_ciphertext_size(size) > max_file_bytes => FileVerdict::TooLarge,
        Ok(_) => FileVerdict::Share,
        Err(problem) => FileVerdict::Skip(problem),
    };
    examined
}

/// The `mvhd` creation time, read a few bytes at a time.
async fn movie_time(file: &File, size: u64) -> Option<OffsetDateTime> {
    let (mut search, mut step) = MovieTimeSearch::start(size);
    loop {
        match step {
            Step::Read { offset, len } => {
                let bytes = read_slice(file, offset, len).await.ok()?;
                step = search.feed(&bytes);
            }
            Step::Done(time) => return time,
        }
    }
}

/// The browser's offset from UTC at a wall-clock time (its own zone's rules, DST
/// included).
fn browser_offset(wall: time::PrimitiveDateTime) -> UtcOffset {
    let date = js_sys::Date::new_with_year_month_day_hr_min_sec(
        wall.year() as u32,
        i32::from(u8::from(wall.month())) - 1,
        i32::from(wall.day()),
        i32::from(wall.hour()),
        i32::from(wall.minute()),
        i32::from(wall.second()),
    );
    // getTimezoneOffset: minutes *behind* UTC.
    UtcOffset::from_whole_seconds(-(date.get_timezone_offset() as i32) * 60).unwrap_or(UtcOffset::UTC)
}
