//! The workshop report as data: the body of `GET /api/v1/reports/workshops` as JSON,
//! and what the HTML page is drawn from. Names keep all three languages.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::common::LocalizedText;
use crate::proposals::{Category, ProposalStatus};
use crate::reports::dto::EventReport;

/// The workshop report of one calendar year: Table 1, the pre-assignment by
/// collaboration area, the feedback, the proposals by category × tier and the
/// selected development measures. Survey figures are the survey's results for the
/// year (`submitted_at` within it), suppressed as the caller's results are.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WorkshopReport {
    pub year: i32,
    /// First day of the period (1 January).
    pub from: NaiveDate,
    /// Last day of the period (31 December).
    pub to: NaiveDate,
    /// Groups with fewer respondents are suppressed.
    pub min_group_size: i64,
    /// False only when an admin or editor asked `suppress=false`.
    pub suppressed_small_groups: bool,
    /// Table 1: the year's events (not cancelled) with headcounts and totals.
    pub events: EventReport,
    /// The `pre_assignment` survey with the most respondents in the year; null when none has any.
    pub pre_assignment: Option<PreAssignment>,
    /// The `feedback` survey with the most respondents in the year; null when none has any.
    pub feedback: Option<Feedback>,
    /// Proposals (sub-proposals included) linked to an event of the year, oldest first.
    pub proposals: Vec<ReportProposal>,
    /// Those of `proposals` with a `selected_order`, in that order.
    pub selected_measures: Vec<ReportProposal>,
}

/// Which survey a section comes from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SurveyRef {
    pub id: String,
    pub code: String,
    pub title: LocalizedText,
}

/// The question a figure answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionRef {
    pub code: String,
    pub text: LocalizedText,
}

/// The pre-assignment: per collaboration area, the share agreeing with its first
/// `likert5` question ("would feel safe").
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PreAssignment {
    pub survey: SurveyRef,
    /// The survey's first `likert5` question; null when it has none.
    pub question: Option<QuestionRef>,
    /// Collaboration areas with respondents, in the order of their first event of the year.
    pub areas: Vec<AreaShare>,
    /// All areas together; `suppressed` when it could reveal a suppressed area.
    pub total: AreaShare,
}

/// One collaboration area's (or the total's) figures; all null when `suppressed`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaShare {
    /// The collaboration area's code (`total` for the total).
    pub area: String,
    pub name: Option<LocalizedText>,
    /// Respondents.
    pub n: Option<i64>,
    /// Respondents who answered the question.
    pub answered: Option<i64>,
    /// Share (0..1) answering 4–5 ("somewhat or fully agree").
    pub positive_share: Option<f64>,
    /// Too few respondents (or answers) to publish a summary.
    pub suppressed: bool,
}

/// The feedback survey: its `rating4` questions over all respondents, and the mean
/// of its first `grade10` question per event.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Feedback {
    pub survey: SurveyRef,
    /// Respondents in the year; null when withheld.
    pub respondents: Option<i64>,
    /// True when the whole is withheld (it could reveal a suppressed group).
    pub suppressed: bool,
    /// One per `rating4` question, in survey order.
    pub ratings: Vec<Rating>,
    /// Null when the survey has no `grade10` question.
    pub grades: Option<Grades>,
}

/// Answers to one `rating4` question; counts null when suppressed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Rating {
    pub question: QuestionRef,
    pub n: Option<i64>,
    pub suppressed: bool,
    /// Level 4.
    pub excellent_good: Option<i64>,
    /// Level 3.
    pub satisfactory: Option<i64>,
    /// Level 2.
    pub passable: Option<i64>,
    /// Level 1.
    pub poor: Option<i64>,
    /// Share (0..1) answering excellent/good.
    pub positive_share: Option<f64>,
}

/// The overall grade per event and the mean of the published event means.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Grades {
    pub question: QuestionRef,
    /// Events with respondents, in the order of Table 1.
    pub events: Vec<EventGrade>,
    /// The plain mean of the events' (unsuppressed) exact means.
    pub mean_of_event_means: Option<f64>,
    /// How many event means `mean_of_event_means` averages.
    pub events_counted: i64,
}

/// One event's grade; `n` and `mean` null when suppressed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventGrade {
    pub event_id: String,
    pub title: Option<LocalizedText>,
    pub area: Option<String>,
    pub area_name: Option<LocalizedText>,
    pub city: Option<LocalizedText>,
    pub starts_on: Option<NaiveDate>,
    pub n: Option<i64>,
    /// The exact mean grade (1..10).
    pub mean: Option<f64>,
    pub suppressed: bool,
}

/// A development proposal as the report shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportProposal {
    pub id: String,
    pub title: LocalizedText,
    pub category: Category,
    /// 1 the Centre leads, 2 the Centre supports, 3 other networks.
    pub tier: i32,
    pub status: ProposalStatus,
    /// The proposal this one is a sub-proposal of.
    pub parent: Option<String>,
    pub selected_order: Option<i32>,
}
