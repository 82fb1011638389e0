//! JSON wire types of the HTTP API (`api/openapi.yaml`), shared by app and server.

mod account;
mod agency;
mod alert;
mod api_error;
mod config;
mod geojson;
mod grid;
mod moderation;
mod public_log;
mod report;
mod request;
mod response;
mod status_filter;

pub use account::{Credentials, Me, Preferences, Registration, Role, SignedOutEverywhere};
pub use agency::{
    AgencyProfile, AgencyRef, AgencyStats, AgencySummary, IncidentTypeCount, LatLng, MonthCount,
    NewAgency, NewStaff,
};
pub use alert::{AlertSubscription, AlertSubscriptionAccepted, AlertSubscriptionInput};
pub use api_error::{ApiErrorBody, ErrorDetail};
pub use config::{ClientConfig, MapView, ResponseLimits};
pub use geojson::GeoJsonPolygon;
pub use grid::{GridCell, RequestGrid};
pub use moderation::{
    ModerationAction, ModerationLogItem, ModerationLogPage, ModerationStats, NewModerator,
    PolicyFinding, RejectedSubmission, ReportDecisionInput, ReportInput, ReportItem,
    ReportedRequest, ReportedRequestList, RequestModeration, ReviewInput, ReviewPolicy,
    ReviewRecord, Submission, SubmissionList, SubmissionStatus,
};
pub use public_log::{
    ConsistencyProof, InclusionProof, LogEntries, LogEntry, LogKey, SignedCheckpoint,
};
pub use report::{
    AgencyReport, AgencyYear, HeatCell, HeatMap, REPORT_CELL_DEG, ReportModeration, ReportMonth,
    ReportResponses, ReportTotals, YearReport,
};
pub use request::{
    AttestationsInput, ContactInput, PublishedRequest, RequestDetail, RequestDraftInput,
    RequestPage, RequestResponses, RequestStatus, Resolution, ResolutionInput, TimeFrameInput,
};
pub use response::{
    AgencyKey, AgencyKeyInput, AgencyResponse, IdentityField, ResidentResponse, ResponseCounts,
    ResponseDecision, ResponseDecisionInput, ResponseFile, ResponseFileInput, ResponseInput,
    ResponseRequestRef, ResponseStatus, RetentionInput,
};
pub use status_filter::StatusFilter;
