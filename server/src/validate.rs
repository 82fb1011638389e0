//! Checks of account and agency input (request drafts are checked by the domain crate).
//! Each returns every problem as an [`ErrorDetail`] with a stable code and a field.

use porchlight_domain::account::check_registration;
use porchlight_domain::time_zone::AgencyTimeZone;
use porchlight_domain::wire::{ErrorDetail, NewAgency};
use porchlight_domain::Contact;

/// Longest resolution note, in characters.
pub const NOTE_MAX_CHARS: usize = 2_000;

/// Pushes an error when `ok` is false.
fn require(errors: &mut Vec<ErrorDetail>, ok: bool, code: &str, field: &str, message: &str) {
    if !ok {
        errors.push(ErrorDetail::new(code, message).with_field(field));
    }
}

fn text_ok(text: &str, min: usize, max: usize) -> bool {
    let n = text.chars().count();
    (min..=max).contains(&n) && !text.chars().any(char::is_control)
}

/// `POST /auth/register`: the trimmed email and display name, or every problem (the
/// domain crate's account rules, which the app's form reads too).
pub fn registration(
    email: &str,
    password: &str,
    display_name: &str,
) -> Result<(String, String), Vec<ErrorDetail>> {
    check_registration(email, password, display_name).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| ErrorDetail::new(e.code(), e.to_string()).with_field(e.field()))
            .collect()
    })
}

/// `POST /agencies`: the agency with trimmed text, or every problem.
pub fn new_agency(input: &NewAgency) -> Result<NewAgency, Vec<ErrorDetail>> {
    let trim_opt = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let agency = NewAgency {
        slug: input.slug.trim().to_owned(),
        name: input.name.trim().to_owned(),
        jurisdiction: input.jurisdiction.trim().to_owned(),
        region: input.region.trim().to_owned(),
        center: input.center,
        contact_email: trim_opt(&input.contact_email),
        contact_phone: trim_opt(&input.contact_phone),
        time_zone: input.time_zone.trim().to_owned(),
    };
    let mut errors = Vec::new();
    // The zone's canonical spelling is what is stored.
    let time_zone = AgencyTimeZone::parse(&agency.time_zone);
    if let Err(e) = &time_zone {
        errors.push(ErrorDetail::new(e.code(), e.to_string()).with_field("time_zone"));
    }
    let slug_ok = (2..=60).contains(&agency.slug.len())
        && agency.slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    require(
        &mut errors,
        slug_ok,
        "slug_invalid",
        "slug",
        "Use 2 to 60 lower-case letters, digits and single hyphens, e.g. demo-city-police.",
    );
    require(
        &mut errors,
        text_ok(&agency.name, 2, 120),
        "name_invalid",
        "name",
        "Enter a name of 2 to 120 characters.",
    );
    require(
        &mut errors,
        text_ok(&agency.jurisdiction, 2, 120),
        "jurisdiction_invalid",
        "jurisdiction",
        "Enter the jurisdiction in 2 to 120 characters.",
    );
    require(
        &mut errors,
        text_ok(&agency.region, 1, 80),
        "region_invalid",
        "region",
        "Enter a region of 1 to 80 characters.",
    );
    let c = agency.center;
    require(
        &mut errors,
        c.lat.is_finite()
            && c.lng.is_finite()
            && (-90.0..=90.0).contains(&c.lat)
            && (-180.0..=180.0).contains(&c.lng),
        "center_invalid",
        "center",
        "The centre needs a latitude within ±90° and a longitude within ±180°.",
    );
    if let Some(email) = &agency.contact_email {
        require(
            &mut errors,
            Contact::check_email(email).is_ok(),
            "contact_email_invalid",
            "contact_email",
            "Enter a valid contact email address.",
        );
    }
    if let Some(phone) = &agency.contact_phone {
        require(
            &mut errors,
            Contact::check_phone(phone).is_ok(),
            "contact_phone_invalid",
            "contact_phone",
            "Enter a valid contact phone number.",
        );
    }
    if let (true, Ok(zone)) = (errors.is_empty(), time_zone) {
        Ok(NewAgency {
            time_zone: zone.name().to_owned(),
            ..agency
        })
    } else {
        Err(errors)
    }
}

/// A resolution note: trimmed, empty means none, at most [`NOTE_MAX_CHARS`].
pub fn resolution_note(note: Option<&str>) -> Result<Option<String>, Vec<ErrorDetail>> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    match note {
        Some(n) if n.chars().count() > NOTE_MAX_CHARS => Err(vec![ErrorDetail::new(
            "note_invalid",
            format!("Keep the note to {NOTE_MAX_CHARS} characters."),
        )
        .with_field("note")]),
        _ => Ok(note.map(str::to_owned)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use porchlight_domain::wire::LatLng;

    #[test]
    fn registration_collects_every_problem() {
        let errors = registration("nope", "short", " ").unwrap_err();
        let codes: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "email_invalid",
                "password_too_short",
                "display_name_invalid"
            ]
        );
        assert_eq!(
            registration(" Riley@Example.org ", "twelve chars", " Riley ").unwrap(),
            ("Riley@Example.org".into(), "Riley".into())
        );
        assert!(
            registration("a@b.example", "elevenchars", "R").is_err(),
            "11 characters is too short"
        );
        // The server once accepted what a contact email refuses: one syntax for both.
        for email in ["a@b..c", "a@.b.c", "a@b.c.", "a@b"] {
            assert_eq!(
                registration(email, "twelve chars", "R").unwrap_err()[0].code,
                "email_invalid",
                "{email}"
            );
        }
    }

    #[test]
    fn agency_rules() {
        let good = NewAgency {
            slug: "demo-city-police".into(),
            name: "Demo City Police Department".into(),
            jurisdiction: "Demo City".into(),
            region: "Oregon".into(),
            center: LatLng {
                lat: 45.5,
                lng: -122.6,
            },
            contact_email: Some(" ".into()),
            contact_phone: None,
            time_zone: " america/los_angeles".into(),
        };
        assert_eq!(new_agency(&good).unwrap().contact_email, None);
        assert_eq!(new_agency(&good).unwrap().time_zone, "America/Los_Angeles");
        for zone in ["", "Mars/Base", "+01:00", "PST8PDT,M3.2.0,M11.1.0"] {
            let bad = NewAgency {
                time_zone: zone.into(),
                ..good.clone()
            };
            let errors = new_agency(&bad).unwrap_err();
            assert_eq!(
                (errors[0].code.as_str(), errors[0].field.as_deref()),
                ("time_zone_invalid", Some("time_zone")),
                "{zone}"
            );
        }
        for slug in ["Demo", "a", "demo--city", "-demo", "demo city"] {
            let bad = NewAgency {
                slug: slug.into(),
                ..good.clone()
            };
            assert_eq!(
                new_agency(&bad).unwrap_err()[0].code,
                "slug_invalid",
                "{slug}"
            );
        }
        let bad = NewAgency {
            center: LatLng {
                lat: 91.0,
                lng: 0.0,
            },
            ..good
        };
        assert_eq!(new_agency(&bad).unwrap_err()[0].code, "center_invalid");
    }

    #[test]
    fn notes() {
        assert_eq!(resolution_note(Some("  ")).unwrap(), None);
        assert_eq!(
            resolution_note(Some(" Found. ")).unwrap().as_deref(),
            Some("Found.")
        );
        assert!(resolution_note(Some(&"x".repeat(NOTE_MAX_CHARS + 1))).is_err());
    }
}
