/// Where the message of an API field is shown and which element a "before you can
/// post" link focuses.
pub(super) fn element_for(field: &str) -> &'static str {
    match field {
        "area" => "area-tools",
        "time_frame.start" => "tf-start",
        "time_frame" | "time_frame.end" => "tf-end",
        "incident_type" => "incident-type",
        "case_number" => "case-number",
        "title" => "title",
        "description" => "description",
        "contact" | "contact.email" => "contact-email",
        "contact.phone" => "contact-phone",
        "language" => "request-language",
        "attestations.active_investigation" => "attest-active-investigation",
        "attestations.no_lawful_activity" => "attest-no-lawful-activity",
        _ => "request-form",
    }
}
