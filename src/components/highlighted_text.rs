use leptos::prelude::*;

/// `text` cut into pieces at the byte ranges `marks` (`start..end`), each piece with
/// whether it is marked. Ranges are sorted first; one that is out of bounds, not on a
/// character boundary, empty or overlapping an earlier one is left unmarked, so a
/// stale range never cuts a character apart or repeats text.
///
/// `highlight_segments("a rally here", &[(2, 7)])` is
/// `[("a ", false), ("rally", true), (" here", false)]`.
pub fn highlight_segments(text: &str, marks: &[(usize, usize)]) -> Vec<(String, bool)> {
    let mut ranges: Vec<(usize, usize)> = marks.to_vec();
    ranges.sort_unstable();
    let mut pieces = Vec::new();
    let mut at = 0;
    for (start, end) in ranges {
        let usable = start >= at
            && start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !usable {
            continue;
        }
        if start > at {
            pieces.push((text[at..start].to_owned(), false));
        }
        pieces.push((text[start..end].to_owned(), true));
        at = end;
    }
    if at < text.len() {
        pieces.push((text[at..].to_owned(), false));
    }
    pieces
}

/// Text with some passages in `<mark>` (the pre-screen's matches, for moderators).
#[component]
pub fn HighlightedText(
    /// The text, shown as plain text (never as HTML).
    #[prop(into)]
    text: String,
    /// Byte ranges to mark, `start..end`.
    #[prop(optional)]
    marks: Vec<(usize, usize)>,
) -> impl IntoView {
    highlight_segments(&text, &marks)
        .into_iter()
        .map(|(piece, marked)| if marked { view! { <mark>{piece}</mark> }.into_any() } else { piece.into_any() })
        .collect_view()
}
