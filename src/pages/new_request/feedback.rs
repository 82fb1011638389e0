//! What the form says about each field: the domain's verdict once the field was used,
//! and the server's answer to the last post until the next edit.

use std::collections::HashSet;

use leptos::prelude::*;

use super::field_ids::element_for;
use super::fields::Fields;
use crate::request_form::{draft_error_text, FormCheck, FormState, ServerProblems};

/// The messages of every field, and which fields were used.
#[derive(Clone, Copy)]
pub(super) struct Feedback {
    fields: Fields,
    /// The single verdict: the domain's `RequestDraft::validate`, as on the server.
    pub(super) check: Memo<FormCheck>,
    touched: RwSignal<HashSet<&'static str>>,
    /// The server's answer to the last post.
    pub(super) server: RwSignal<ServerProblems>,
}

impl Feedback {
    /// Feedback on `fields`, whose `snapshot` `check` judges.
    pub(super) fn new(fields: Fields, snapshot: Memo<FormState>, check: Memo<FormCheck>) -> Feedback {
        let server = RwSignal::new(ServerProblems::default());
        // Any edit makes the server's last answer stale.
        Effect::new(move |previous: Option<()>| {
            snapshot.track();
            if previous.is_some() {
                server.set(ServerProblems::default());
            }
        });
        Feedback { fields, check, touched: RwSignal::new(HashSet::new()), server }
    }

    /// Marks a field as used: its messages show from now on, even while it is empty.
    pub(super) fn touch(self, api_field: &'static str) {
        self.touched.update(|t| {
            t.insert(api_field);
        })
    }

    /// A field's messages: the domain's once the field has been used, and the server's.
    pub(super) fn messages(self, api_field: &'static str) -> Signal<Vec<String>> {
        let Feedback { fields, check, touched, server } = self;
        Signal::derive(move || {
            let mut list = if fields.has_value(api_field) || touched.with(|t| t.contains(api_field)) {
                check.with(|c| c.messages(api_field))
            } else {
                Vec::new()
            };
            list.extend(server.with(|s| s.messages(api_field)));
            list
        })
    }

    /// `aria-invalid` of a field: whether it has a message.
    pub(super) fn invalid(self, api_field: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        let m = self.messages(api_field);
        move || (!m.with(Vec::is_empty)).to_string()
    }

    /// Every rule the draft breaks, as `(element id, message)`.
    pub(super) fn blockers(self) -> Signal<Vec<(&'static str, String)>> {
        let check = self.check;
        Signal::derive(move || {
            check.with(|c| c.errors.iter().map(|e| (element_for(e.field()), draft_error_text(e))).collect::<Vec<_>>())
        })
    }

    /// Forgets which fields were used and what the server said (the draft was discarded).
    pub(super) fn clear(self) {
        self.touched.set(HashSet::new());
        self.server.set(ServerProblems::default());
    }
}
