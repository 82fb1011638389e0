//! Capture times read from fixture files (made by tests/fixtures/make.sh with ffmpeg
//! and exiftool), a few bytes at a time as the app reads them with `Blob.slice`, and
//! the time-frame filter at its boundaries.

use porchlight_domain::footage::{CaptureFit, FootageKind, FootageProblem};
use porchlight_domain::TimeFrame;
use porchlight_footage::capture_time::{
    exif_capture_time, screen, ExifTime, MovieTimeSearch, Step, JPEG_HEAD_BYTES,
};
use time::macros::{datetime, offset};
use time::{Duration, OffsetDateTime};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Runs a search over a file given as a function from (offset, len) to bytes; returns
/// the time and how many bytes it read.
fn search(file_len: u64, read: impl Fn(u64, u64) -> Vec<u8>) -> (Option<OffsetDateTime>, u64) {
    let (mut search, mut step) = MovieTimeSearch::start(file_len);
    let mut read_bytes = 0;
    loop {
        match step {
            Step::Read { offset, len } => {
                assert!(
                    offset + len <= file_len,
                    "reads past the end: {offset}+{len}"
                );
                let bytes = read(offset, len);
                read_bytes += bytes.len() as u64;
                step = search.feed(&bytes);
            }
            Step::Done(time) => return (time, read_bytes),
        }
    }
}

fn search_bytes(bytes: &[u8]) -> (Option<OffsetDateTime>, u64) {
    search(bytes.len() as u64, |offset, len| {
        bytes[offset as usize..(offset + len) as usize].to_vec()
    })
}

#[test]
fn mp4_creation_time_with_moov_at_the_end_or_the_start() {
    for name in ["porch.mp4", "faststart.mp4"] {
        let (time, _) = search_bytes(&fixture(name));
        assert_eq!(time, Some(datetime!(2026-11-27 21:30:00 UTC)), "{name}");
    }
}

#[test]
fn quicktime_creation_time() {
    let (time, _) = search_bytes(&fixture("driveway.mov"));
    assert_eq!(time, Some(datetime!(2026-11-27 22:10:00 UTC)));
}

#[test]
fn an_mp4_without_creation_time_has_none() {
    let (time, _) = search_bytes(&fixture("no-time.mp4"));
    assert_eq!(time, None);
}

#[test]
fn a_large_mdat_before_moov_is_stepped_over_not_read() {
    // A 64-bit-size `mdat` of 8 GiB, then the fixture's own atoms.
    let movie = fixture("porch.mp4");
    let mdat_size: u64 = 8 << 30;
    let mut header = vec![0, 0, 0, 1];
    header.extend_from_slice(b"mdat");
    header.extend_from_slice(&mdat_size.to_be_bytes());
    let file_len = mdat_size + movie.len() as u64;
    let (time, read) = search(file_len, |offset, len| {
        (offset..offset + len)
            .map(|at| {
                if at < 16 {
                    header[at as usize]
                } else if at < mdat_size {
                    0
                } else {
                    movie[(at - mdat_size) as usize]
                }
            })
            .collect()
    });
    assert_eq!(time, Some(datetime!(2026-11-27 21:30:00 UTC)));
    assert!(read < 512, "read {read} bytes");
}

#[test]
fn not_a_movie_or_a_broken_one_has_no_time() {
    assert_eq!(search_bytes(&fixture("still.png")).0, None);
    assert_eq!(search_bytes(b"").0, None);
    // An atom claiming more than the file holds.
    assert_eq!(search_bytes(b"\0\0\x10\0moov\0\0\0\0").0, None);
    // A size below its own header.
    assert_eq!(search_bytes(b"\0\0\0\x04moov\0\0\0\0").0, None);
    // The fixture cut before its moov ends.
    let movie = fixture("porch.mp4");
    assert_eq!(search_bytes(&movie[..movie.len() - 400]).0, None);
}

#[test]
fn jpeg_exif_with_the_cameras_offset_is_an_instant() {
    let time = exif_capture_time(&fixture("exif-offset.jpg"));
    assert_eq!(
        time,
        Some(ExifTime::Zoned(datetime!(2026-11-27 13:30:00 -8)))
    );
    assert_eq!(
        time.unwrap().at_offset(offset!(+1)),
        datetime!(2026-11-27 21:30:00 UTC)
    );
}

#[test]
fn jpeg_exif_without_offset_is_read_in_the_given_zone() {
    let time = exif_capture_time(&fixture("exif-local.jpg")).unwrap();
    assert_eq!(time, ExifTime::Local(datetime!(2026-11-27 13:30:00)));
    assert_eq!(
        time.at_offset(offset!(-8)),
        datetime!(2026-11-27 21:30:00 UTC)
    );
    assert_eq!(
        time.at_offset(offset!(-5)),
        datetime!(2026-11-27 18:30:00 UTC)
    );
}

#[test]
fn jpeg_without_exif_or_not_a_jpeg_has_none() {
    assert_eq!(exif_capture_time(&fixture("no-exif.jpg")), None);
    assert_eq!(exif_capture_time(&fixture("still.png")), None);
    assert_eq!(exif_capture_time(&fixture("porch.mp4")), None);
}

#[test]
fn the_jpeg_head_is_enough() {
    // A photo with a large picture after its EXIF: only the head is read.
    let mut photo = fixture("exif-offset.jpg");
    let end = photo.split_off(photo.len() - 2);
    photo.extend(std::iter::repeat_n(0u8, 4 << 20));
    photo.extend(end);
    let head = &photo[..JPEG_HEAD_BYTES as usize];
    assert_eq!(
        exif_capture_time(head),
        Some(ExifTime::Zoned(datetime!(2026-11-27 13:30:00 -8)))
    );
}

fn frame() -> TimeFrame {
    TimeFrame::new(
        datetime!(2026-11-27 21:00 UTC),
        datetime!(2026-11-27 22:00 UTC),
    )
    .unwrap()
}

#[test]
fn the_filter_keeps_files_inside_the_frame_and_its_allowance() {
    let movie = fixture("porch.mp4");
    let at = |t| screen("porch.mp4", &movie[..16], t, &frame());
    assert_eq!(at(datetime!(2026-11-27 20:55:00 UTC)), Ok(FootageKind::Mp4));
    assert_eq!(at(datetime!(2026-11-27 22:05:00 UTC)), Ok(FootageKind::Mp4));
    assert_eq!(
        at(datetime!(2026-11-27 20:54:59 UTC)),
        Err(FootageProblem::OutsideTimeFrame(CaptureFit::Before(
            Duration::seconds(1)
        )))
    );
    assert_eq!(
        at(datetime!(2026-11-27 22:05:01 UTC)),
        Err(FootageProblem::OutsideTimeFrame(CaptureFit::After(
            Duration::seconds(1)
        )))
    );
    // The fixture's own times: the MP4 inside, the MOV 5 min past the allowance.
    let (mov_time, _) = search_bytes(&fixture("driveway.mov"));
    let mov = fixture("driveway.mov");
    assert_eq!(
        screen("driveway.mov", &mov[..16], mov_time.unwrap(), &frame()),
        Err(FootageProblem::OutsideTimeFrame(CaptureFit::After(
            Duration::minutes(5)
        )))
    );
    assert_eq!(at(search_bytes(&movie).0.unwrap()), Ok(FootageKind::Mp4));
}

#[test]
fn the_filter_checks_content_before_time() {
    let photo = fixture("exif-offset.jpg");
    let inside = datetime!(2026-11-27 21:30 UTC);
    assert_eq!(
        screen("a.jpg", &photo[..16], inside, &frame()),
        Ok(FootageKind::Jpeg)
    );
    assert_eq!(
        screen("a.png", &photo[..16], inside, &frame())
            .unwrap_err()
            .code(),
        "file_content_mismatch"
    );
    assert_eq!(
        screen("a.gif", &photo[..16], inside, &frame()),
        Err(FootageProblem::UnsupportedType)
    );
    // A MOV named .mp4 is accepted (one container format).
    let mov = fixture("driveway.mov");
    assert_eq!(
        screen("x.mp4", &mov[..16], inside, &frame()),
        Ok(FootageKind::Mov)
    );
}
