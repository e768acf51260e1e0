//! The survey sections of the report, distilled from the surveys' results for the
//! year. Which survey plays which part comes from its `kind`; which question, from
//! its type (the first `likert5`, every `rating4`, the first `grade10`).

use super::dto::{AreaShare, EventGrade, Feedback, Grades, PreAssignment, QuestionRef, Rating, SurveyRef};
use super::figures::{count_of, question, results_for, Scope};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::reports::dto::EventReport;
use crate::results::dto::{GroupBy, GroupResult, QuestionResults};
use crate::surveys::model::SurveyRow;
use crate::surveys::{Question, QuestionType};

fn survey_ref(s: &SurveyRow) -> Result<SurveyRef, ApiError> {
    Ok(SurveyRef { id: s.id.clone(), code: s.code.clone(), title: s.title()? })
}

fn question_ref(q: &Question) -> QuestionRef {
    QuestionRef { code: q.code.clone(), text: q.text.clone() }
}

/// One area's share of `q`; hidden when the group or the question is suppressed.
fn share(
    area: String,
    g: Option<&GroupResult>,
    n: Option<i64>,
    qs: Option<&QuestionResults>,
    q: Option<&Question>,
) -> AreaShare {
    let fig = q.and_then(|q| question(qs, &q.code));
    let suppressed = g.is_some_and(|g| g.suppressed) || qs.is_none() || fig.is_some_and(|f| f.suppressed);
    let shown = fig.filter(|_| !suppressed);
    AreaShare {
        area,
        name: g.and_then(|g| g.name.clone()),
        n,
        answered: shown.and_then(|f| f.n),
        positive_share: shown.and_then(|f| f.positive_share),
        suppressed,
    }
}

/// The pre-assignment by collaboration area, areas in the order of their first event.
pub fn pre_assignment(
    c: &mut DbConn,
    scope: &Scope<'_>,
    survey: &SurveyRow,
    table1: &EventReport,
) -> Result<PreAssignment, ApiError> {
    let questions = survey.questions()?;
    let q = questions.iter().find(|q| q.qtype == QuestionType::Likert5);
    let res = results_for(c, scope, survey, &questions, GroupBy::CollaborationArea)?;
    let first_event = |code: &str| {
        table1.rows.iter().position(|r| scope.areas.region_of(&r.area) == code).unwrap_or(usize::MAX)
    };
    let mut areas: Vec<AreaShare> =
        res.groups.iter().map(|g| share(g.key.clone(), Some(g), g.n, g.questions.as_ref(), q)).collect();
    areas.sort_by_key(|a| (first_event(&a.area), a.area.clone()));
    let t = &res.total;
    let mut total = share("total".into(), None, t.n, t.questions.as_ref(), q);
    total.suppressed |= t.suppressed;
    Ok(PreAssignment { survey: survey_ref(survey)?, question: q.map(question_ref), areas, total })
}

/// The feedback: ratings over every respondent, grades per event.
pub fn feedback(
    c: &mut DbConn,
    scope: &Scope<'_>,
    survey: &SurveyRow,
    table1: &EventReport,
) -> Result<Feedback, ApiError> {
    let questions = survey.questions()?;
    let all = results_for(c, scope, survey, &questions, GroupBy::CollaborationArea)?.total;
    let ratings = questions
        .iter()
        .filter(|q| q.qtype == QuestionType::Rating4)
        .map(|q| rating(q, question(all.questions.as_ref(), &q.code)))
        .collect();
    let grades = match questions.iter().find(|q| q.qtype == QuestionType::Grade10) {
        Some(q) => {
            let by_event = results_for(c, scope, survey, &questions, GroupBy::Event)?;
            Some(grades(q, &by_event.groups, table1))
        }
        None => None,
    };
    Ok(Feedback {
        survey: survey_ref(survey)?,
        respondents: all.n,
        suppressed: all.suppressed,
        ratings,
        grades,
    })
}

fn rating(q: &Question, fig: Option<&crate::results::dto::QuestionResult>) -> Rating {
    let shown = fig.filter(|f| !f.suppressed);
    let level = |v: &str| shown.and_then(|f| count_of(f, v));
    Rating {
        question: question_ref(q),
        n: shown.and_then(|f| f.n),
        suppressed: shown.is_none(),
        excellent_good: level("4"),
        satisfactory: level("3"),
        passable: level("2"),
        poor: level("1"),
        positive_share: shown.and_then(|f| f.positive_share),
    }
}

/// Each event's mean grade, in Table 1's order, and the mean of the published means.
fn grades(q: &Question, groups: &[GroupResult], table1: &EventReport) -> Grades {
    let mut events: Vec<(usize, EventGrade)> = groups
        .iter()
        .map(|g| {
            let fig = question(g.questions.as_ref(), &q.code).filter(|f| !f.suppressed && !g.suppressed);
            let row = table1.rows.iter().position(|r| r.event_id == g.key);
            let r = row.map(|i| &table1.rows[i]);
            let grade = EventGrade {
                event_id: g.key.clone(),
                title: g.name.clone(),
                area: r.map(|r| r.area.clone()),
                area_name: r.map(|r| r.area_name.clone()),
                city: r.and_then(|r| r.city.clone()),
                starts_on: r.map(|r| r.starts_on),
                n: fig.and_then(|f| f.n),
                mean: fig.and_then(|f| f.mean),
                suppressed: fig.is_none(),
            };
            (row.unwrap_or(usize::MAX), grade)
        })
        .collect();
    events.sort_by(|a, b| (a.0, &a.1.event_id).cmp(&(b.0, &b.1.event_id)));
    let means: Vec<f64> = events.iter().filter_map(|(_, e)| e.mean).collect();
    let mean_of_event_means = (!means.is_empty()).then(|| means.iter().sum::<f64>() / means.len() as f64);
    Grades {
        question: question_ref(q),
        events: events.into_iter().map(|(_, e)| e).collect(),
        mean_of_event_means,
        events_counted: i64::try_from(means.len()).unwrap_or(0),
    }
}
