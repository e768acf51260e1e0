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

fn respondent(
    org: &'static str,
    region: &'static str,
    event: Option<&str>,
    day: &str,
    safe: i64,
) -> Respondent {
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

/// Organisations of two collaboration areas.
const ORGS: [(&str, &str); 5] = [
    ("hus", "etela-suomi"),
    ("helsinki", "etela-suomi"),
    ("vantaa-kerava", "etela-suomi"),
    ("varsinais-suomi", "lansi-suomi"),
    ("satakunta", "lansi-suomi"),
];
const EVENTS: [&str; 3] = [EVENT_A, EVENT_B, EVENT_C];
const YEARS: [i32; 2] = [2024, 2025];

/// A few organisations in both collaboration areas, 2–3 events and no event,
/// 0–12 responses per (organisation, event) cell (often few), mostly in 2025;
/// every respondent answers `safe`, the other questions only sometimes.
fn random_data(rng: &mut impl rand::Rng) -> Vec<Respondent> {
    let events = &EVENTS[..rng.gen_range(2..=3)];
    let orgs: Vec<(&'static str, &'static str)> =
        ORGS.iter().copied().filter(|_| rng.gen_bool(0.7)).collect();
    let mut data = Vec::new();
    for (org, region) in orgs {
        for event in events.iter().map(|e| Some(*e)).chain([None]) {
            let n = if rng.gen_bool(0.5) { rng.gen_range(0..=3) } else { rng.gen_range(0..=12) };
            for _ in 0..n {
                let year = if rng.gen_bool(0.2) { 2024 } else { 2025 };
                let mut r = respondent(
                    org,
                    region,
                    event,
                    &format!("{year}-0{}-1{}", rng.gen_range(1..=9), rng.gen_range(0..=9)),
                    rng.gen_range(1..=5),
                );
                for (code, p) in [("content", 0.8), ("grade", 0.6), ("again", 0.7)] {
                    if rng.gen_bool(p) {
                        let v = match code {
                            "content" => json!(rng.gen_range(1..=4)),
                            "grade" => json!(rng.gen_range(1..=10)),
                            _ => json!(if rng.gen_bool(0.5) { "yes" } else { "no" }),
                        };
                        r.answers.insert(code, v);
                    }
                }
                data.push(r);
            }
        }
    }
    data
}

/// The counters the server keeps for `data` in `year`: respondents and answers per cell and value.
fn cell_counts(data: &[Respondent], year: i32) -> Vec<client_safety::results::repo::CellCount> {
    let mut counts: BTreeMap<(String, String, String, String), i64> = BTreeMap::new();
    for r in data.iter().filter(|r| r.year() == year) {
        let cell = (r.org.to_owned(), r.event.clone().unwrap_or_default());
        *counts.entry((cell.0.clone(), cell.1.clone(), "*".into(), String::new())).or_default() += 1;
        for (code, v) in &r.answers {
            let value = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
            *counts.entry((cell.0.clone(), cell.1.clone(), (*code).to_owned(), value)).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|((area_code, event_key, question_code, value), total)| {
            client_safety::results::repo::CellCount { area_code, event_key, question_code, value, total }
        })
        .collect()
}

/// Every answer a suppressed caller may get, straight from the pure function.
fn answers_of_the_pure_function(data: &[Respondent], k: i64) -> Vec<(Query, Value)> {
    use client_safety::results::build::{assemble, Request};
    use client_safety::results::dto::GroupBy;
    let raw: Vec<client_safety::surveys::Question> =
        serde_json::from_value(crate::surveys::survey_body("x")["questions"].clone()).unwrap();
    let questions = client_safety::surveys::Questions::trusted(raw);
    let parents = ORGS.iter().map(|(o, r)| ((*o).to_owned(), (*r).to_owned())).collect();
    let names = Default::default();
    let mut out = Vec::new();
    for year in YEARS {
        let rows = cell_counts(data, year);
        for (name, group_by) in [
            ("collaboration_area", GroupBy::CollaborationArea),
            ("area", GroupBy::Area),
            ("event", GroupBy::Event),
        ] {
            let req = Request {
                survey_id: "s".into(),
                group_by,
                year: Some(year),
                min_group_size: k,
                suppress: true,
                questions: &questions,
                names: &names,
                parents: &parents,
            };
            out.push((Query::grouped(name, year), serde_json::to_value(assemble(&req, &rows)).unwrap()));
        }
    }
    out
}

/// No leak among all the answers, and every grouping of a year shows the same total.
fn assert_safe(data: &[Respondent], answers: &[(Query, Value)], k: i64, case: &str) {
    let shown: Vec<Figure> = answers.iter().flat_map(|(q, body)| figures(data, q, body)).collect();
    if let Some(leak) = find_leak(&shown, k) {
        panic!("{case}, k = {k}: {leak}\ndata: {data:#?}");
    }
    for pair in answers.windows(2).filter(|w| w[0].0.year == w[1].0.year && w[1].0.group_by == "area") {
        assert_eq!(pair[0].1["total"], pair[1].1["total"], "{case}: totals differ between groupings");
    }
}

#[test]
fn no_sum_or_difference_of_up_to_three_published_figures_counts_fewer_than_the_minimum() {
    use rand::SeedableRng;
    for seed in 0..400u64 {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let data = random_data(&mut rng);
        let k = if seed % 2 == 0 { 5 } else { 3 };
        assert_safe(&data, &answers_of_the_pure_function(&data, k), k, &format!("seed {seed}"));
    }
}

#[actix_web::test]
async fn random_data_sets_leak_nothing_through_http_to_a_county_of_another_area() {
    use rand::SeedableRng;
    let app = spawn_app().await;
    for (i, e) in EVENTS.iter().enumerate() {
        app.insert_event(e, &format!("Tapahtuma {i}"), "etela-suomi", "2025-03-03");
    }
    let editor = app.token_for(Role::Editor).await;
    let attacker = app.integration_token("pohjois-savo").await;
    for seed in 1000..1004u64 {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let data = random_data(&mut rng);
        let survey = open_survey(&app, &format!("random-{seed}")).await;
        if !data.is_empty() {
            post_batch(&app, &editor, &survey, data.iter().map(Respondent::item).collect()).await;
        }
        let mut answers = Vec::new();
        for year in YEARS {
            for q in allowed(year) {
                let path = format!("/api/v1/surveys/{survey}/results?{}", q.query_string());
                answers.push((q, json_ok(app.get(&path, &attacker).await, 200).await));
            }
        }
        assert_safe(&data, &answers, 5, &format!("seed {seed} over HTTP"));
        let pure = answers_of_the_pure_function(&data, 5);
        for ((q, served), (_, computed)) in answers.iter().zip(&pure) {
            // The served body went through text: compare the computed one the same way.
            let computed: Value = serde_json::from_str(&computed.to_string()).unwrap();
            assert_eq!(
                served["groups"].as_array().map(Vec::len),
                computed["groups"].as_array().map(Vec::len),
                "{q:?}"
            );
            assert_eq!(
                served["total"], computed["total"],
                "seed {seed} {q:?}: the server answers as the pure function"
            );
        }
    }
}
