//! Suppression that holds across queries: the two differencing attacks of issue 7
//! as an integration client of another county, and a property test over random
//! small data sets, checked by the independent search in `disclosure`.

use std::collections::BTreeMap;

use client_safety::auth::Role;
use serde_json::{json, Value};

use crate::disclosure::{figures, find_leak, Figure, Query, Respondent};
use crate::helpers::*;
use crate::responses::post_batch;
use crate::surveys::open_survey;

const EVENT_A: &str = "0190f1c2-0000-7000-8000-0000000000a1";
const EVENT_B: &str = "0190f1c2-0000-7000-8000-0000000000b2";
const EVENT_C: &str = "0190f1c2-0000-7000-8000-0000000000c3";

fn respondent(org: &'static str, region: &'static str, event: Option<&str>, day: &str, safe: i64) -> Respondent {
    Respondent {
        org,
        region,
        event: event.map(str::to_owned),
        day: day.to_owned(),
        answers: BTreeMap::from([("safe", json!(safe))]),
    }
}

/// Runs every query as `token`; the figures of those answered 200, and the refusals.
async fn attempt(
    app: &TestApp,
    token: &str,
    survey: &str,
    data: &[Respondent],
    queries: &[Query],
) -> (Vec<Figure>, Vec<(Query, Value)>) {
    let (mut shown, mut refused) = (Vec::new(), Vec::new());
    for q in queries {
        let res = app.get(&format!("/api/v1/surveys/{survey}/results?{}", q.query_string()), token).await;
        if res.status() == 200 {
            shown.extend(figures(data, q, &res.json().await.unwrap()));
        } else {
            let status = res.status().as_u16();
            refused.push((q.clone(), assert_problem(res, status).await));
        }
    }
    (shown, refused)
}

/// The queries a county's system may make: each grouping of the year.
fn allowed(year: i32) -> Vec<Query> {
    ["collaboration_area", "area", "event"].into_iter().map(|g| Query::grouped(g, year)).collect()
}

fn assert_refused_naming(refused: &[(Query, Value)], expected: usize) {
    assert_eq!(refused.len(), expected, "{refused:?}");
    for (q, problem) in refused {
        assert_eq!(problem["status"], 403, "{q:?}: {problem}");
        let field = problem["errors"][0]["field"].as_str().unwrap_or_default();
        assert!(["area", "event_id", "from", "to"].contains(&field), "{q:?} names {field}: {problem}");
    }
}

#[actix_web::test]
async fn a_county_cannot_single_out_a_respondent_by_moving_the_end_date() {
    let app = spawn_app().await;
    let survey = open_survey(&app, "dates-attack").await;
    let mut data: Vec<Respondent> =
        (0..5).map(|_| respondent("hus", "etela-suomi", None, "2025-03-03", 5)).collect();
    data.push(respondent("hus", "etela-suomi", None, "2025-03-04", 1));
    let editor = app.token_for(Role::Editor).await;
    post_batch(&app, &editor, &survey, data.iter().map(Respondent::item).collect()).await;
    let attacker = app.integration_token("varsinais-suomi").await;

    let by_day = |to: &'static str| Query { area: Some("hus"), to: Some(to), ..Query::grouped("area", 2025) };
    let mut queries = vec![by_day("2025-03-03"), by_day("2025-03-04")];
    queries.iter_mut().for_each(|q| q.year = None);
    queries.extend(allowed(2025));
    let (shown, refused) = attempt(&app, &attacker, &survey, &data, &queries).await;
    assert_eq!(find_leak(&shown, 5), None, "the sixth respondent follows by subtraction");
    assert_refused_naming(&refused, 2);
    assert!(shown.iter().any(|f| f.label.ends_with("group_by=area&year=2025: hus") && f.n == 6));
}

#[actix_web::test]
async fn a_county_cannot_single_out_an_events_respondent_by_subtracting_event_filters() {
    let app = spawn_app().await;
    app.insert_event(EVENT_A, "A", "etela-suomi", "2025-03-03");
    app.insert_event(EVENT_B, "B", "etela-suomi", "2025-03-04");
    app.insert_event(EVENT_C, "C", "etela-suomi", "2025-03-05");
    let survey = open_survey(&app, "events-attack").await;
    let mut data: Vec<Respondent> =
        (0..5).map(|_| respondent("hus", "etela-suomi", Some(EVENT_A), "2025-03-03", 5)).collect();
    data.push(respondent("hus", "etela-suomi", Some(EVENT_B), "2025-03-04", 1));
    data.extend((0..12).map(|i| respondent("hus", "etela-suomi", Some(EVENT_C), "2025-03-05", 2 + i % 3)));
    let editor = app.token_for(Role::Editor).await;
    post_batch(&app, &editor, &survey, data.iter().map(Respondent::item).collect()).await;
    let attacker = app.integration_token("varsinais-suomi").await;

    let hus = |event: Option<&str>| Query {
        area: Some("hus"),
        event_id: event.map(str::to_owned),
        year: None,
        ..Query::grouped("area", 2025)
    };
    let mut queries = vec![hus(None), hus(Some(EVENT_A)), hus(Some(EVENT_C))];
    queries.extend(allowed(2025));
    let (shown, refused) = attempt(&app, &attacker, &survey, &data, &queries).await;
    assert_eq!(find_leak(&shown, 5), None, "B's respondent follows by subtraction");
    assert_refused_naming(&refused, 3);
    let label = |q: &str| shown.iter().find(|f| f.universe == "*" && f.label.ends_with(q)).map(|f| f.n);
    assert_eq!(label("group_by=area&year=2025: hus"), Some(18));
    assert_eq!(label(&format!("group_by=event&year=2025: {EVENT_B}")), None);
}
