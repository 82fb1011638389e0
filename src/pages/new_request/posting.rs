//! Posting: the confirmation step, the call, and where the answer leads.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiError, Posted};
use crate::components::{focus_field, ConfirmPostDialog, PostSummary};
use crate::request_form::{clear_draft, FormState, ServerProblems};
use crate::routes::{request_href, submission_href};
use crate::session::use_api;

/// The post and its confirmation.
#[derive(Clone, Copy)]
pub(super) struct Posting {
    /// The confirmation dialog is open.
    pub(super) confirming: RwSignal<bool>,
    pub(super) post: Action<FormState, Result<Posted, ApiError>>,
}

impl Posting {
    /// Posts through the API; on success forgets the draft and opens what was created,
    /// on failure puts the server's answer in `server` and focuses it.
    pub(super) fn new(server: RwSignal<ServerProblems>) -> Posting {
        let api = use_api();
        let navigate = use_navigate();
        let confirming = RwSignal::new(false);
        let post = Action::new_local(move |state: &FormState| {
            let api = api.clone();
            let input = state.to_input();
            async move { api.create_request(&input).await }
        });
        Effect::new(move |_| {
            let Some(result) = post.value().get() else {
                return;
            };
            confirming.set(false);
            match result {
                Ok(posted) => {
                    clear_draft();
                    let next = match posted {
                        Posted::Submitted(submission) => submission_href(submission.id),
                        Posted::Published(request) => request_href(request.id),
                    };
                    navigate(&next, Default::default());
                }
                Err(error) => {
                    server.set(ServerProblems::from_error(&error));
                    request_animation_frame(|| focus_field("post-problems"));
                }
            }
        });
        Posting { confirming, post }
    }

    /// The confirmation dialog: posts `snapshot` on confirm, back to the form on cancel.
    pub(super) fn dialog(
        self,
        summary: Memo<Option<PostSummary>>,
        snapshot: Memo<FormState>,
        tile_url: Option<String>,
    ) -> impl IntoView {
        let Posting { confirming, post } = self;
        view! {
            <ConfirmPostDialog
                summary
                pending=post.pending()
                tile_url
                on_confirm=Callback::new(move |_| {
                    post.dispatch(snapshot.get_untracked());
                })
                on_cancel=Callback::new(move |_| {
                    confirming.set(false);
                    request_animation_frame(|| focus_field("review-post"));
                })
            />
        }
    }
}
