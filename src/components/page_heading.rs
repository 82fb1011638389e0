use leptos::html::H1;
use leptos::prelude::*;

/// Whether a page heading has been shown yet. Every heading after the app's first
/// takes focus when it appears, so that after a client-side navigation screen readers
/// announce the new page and keyboard users start from its top. (On the first page
/// the browser's own load handling applies.)
#[derive(Clone, Copy)]
pub struct HeadingFocus(StoredValue<bool>);

impl Default for HeadingFocus {
    fn default() -> Self {
        HeadingFocus(StoredValue::new(false))
    }
}

/// The page's `<h1>`, focusable from script (`tabindex="-1"`).
#[component]
pub fn PageHeading(
    /// Keep it for screen readers only (the map page, whose map speaks for itself).
    #[prop(optional)]
    visually_hidden: bool,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<H1>::new();
    let focus = use_context::<HeadingFocus>();
    Effect::new(move |_| {
        let (Some(heading), Some(HeadingFocus(seen))) = (node.get(), focus) else {
            return;
        };
        if seen.get_value() {
            let _ = heading.focus();
        } else {
            seen.set_value(true);
        }
    });
    view! {
        <h1 node_ref=node tabindex="-1" class="page-heading" class:visually-hidden=visually_hidden>
            {children()}
        </h1>
    }
}
