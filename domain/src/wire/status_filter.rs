/// Which requests a feed asks for: the `status=` of `GET /api/v1/requests` and of the
/// app's map URL. One vocabulary for both sides, so they cannot drift apart.
///
/// ```
/// use porchlight_domain::wire::StatusFilter;
/// assert_eq!(StatusFilter::parse("resolved"), Some(StatusFilter::Resolved));
/// assert_eq!(StatusFilter::Open.as_str(), "open");
/// assert_eq!(StatusFilter::default(), StatusFilter::All);
/// assert_eq!(StatusFilter::parse("closed"), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum StatusFilter {
    Open,
    Resolved,
    #[default]
    All,
}

impl StatusFilter {
    /// Every choice, in menu order.
    ///
    /// ```
    /// use porchlight_domain::wire::StatusFilter;
    /// assert_eq!(StatusFilter::ALL[0], StatusFilter::All);
    /// ```
    pub const ALL: [StatusFilter; 3] =
        [StatusFilter::All, StatusFilter::Open, StatusFilter::Resolved];

    /// The value on the wire and in the URL: `open`, `resolved` or `all`.
    ///
    /// ```
    /// use porchlight_domain::wire::StatusFilter;
    /// assert_eq!(StatusFilter::All.as_str(), "all");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            StatusFilter::Open => "open",
            StatusFilter::Resolved => "resolved",
            StatusFilter::All => "all",
        }
    }

    /// What a menu shows.
    ///
    /// ```
    /// use porchlight_domain::wire::StatusFilter;
    /// assert_eq!(StatusFilter::All.label(), "Open and resolved");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::Open => "Open",
            StatusFilter::Resolved => "Resolved",
            StatusFilter::All => "Open and resolved",
        }
    }

    /// Parses [`StatusFilter::as_str`]; anything else is `None`.
    ///
    /// ```
    /// use porchlight_domain::wire::StatusFilter;
    /// assert_eq!(StatusFilter::parse("open"), Some(StatusFilter::Open));
    /// ```
    pub fn parse(s: &str) -> Option<StatusFilter> {
        StatusFilter::ALL.into_iter().find(|f| f.as_str() == s)
    }
}
